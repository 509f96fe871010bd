package dev.latchkey.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.provider.ServerSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealerTest {
  static final byte[] VALUE =
      "whsec_0123456789abcdefghijABCDEFGHIJ".getBytes(StandardCharsets.UTF_8);
  static final String CONTEXT = "webhooks/wh_1/signing_secret";

  final ServerSecret k1 = Sealer.newKeyEncryptionKey();
  final ServerSecret k2 = Sealer.newKeyEncryptionKey();
  final Sealer sealer = Sealer.envelope(k1, List.of());

  @Test
  void sealedValue_opensUnderItsContext_andShowsNothingOfTheValue() {
    String sealed = sealer.seal(VALUE, CONTEXT);

    assertThat(sealer.open(sealed, CONTEXT)).isEqualTo(VALUE);
    assertThat(sealed).startsWith("lk1." + sealer.currentKeyId() + ".");
    assertThat(sealed).doesNotContain("whsec_").doesNotContain(k1.reveal());
    assertThat(sealer.currentKeyId()).matches("[0-9a-f]{16}");
  }

  @Test
  void anotherContext_doesNotOpen() {
    String sealed = sealer.seal(VALUE, CONTEXT);

    assertThatThrownBy(() -> sealer.open(sealed, "webhooks/wh_2/signing_secret"))
        .isInstanceOf(SealException.class)
        .hasMessageContaining(sealer.currentKeyId());
  }

  @Test
  void anyAlteredByte_doesNotOpen() {
    String sealed = sealer.seal(VALUE, CONTEXT);
    String prefix = sealed.substring(0, sealed.lastIndexOf('.') + 1);
    byte[] data = Base64.getUrlDecoder().decode(sealed.substring(prefix.length()));
    for (int i = 0; i < data.length; i++) {
      byte[] altered = data.clone();
      altered[i] ^= 0x01;
      String tampered = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertThatThrownBy(() -> sealer.open(tampered, CONTEXT))
          .as("byte %d altered", i)
          .isInstanceOf(SealException.class);
    }
  }

  @Test
  void aValueSealedUnderAnUnknownKey_failsNamingThatKeysId() {
    Sealer other = Sealer.envelope(k2, List.of());
    String sealed = other.seal(VALUE, CONTEXT);

    assertThatThrownBy(() -> sealer.open(sealed, CONTEXT))
        .isInstanceOf(SealException.class)
        .hasMessageContaining(other.currentKeyId())
        .hasMessageNotContaining(k1.reveal())
        .hasMessageNotContaining(k2.reveal());
  }

  @Test
  void aPreviousKey_opens_butSealsUnderTheCurrentOne() {
    String old = sealer.seal(VALUE, CONTEXT);
    Sealer rotated = Sealer.envelope(k2, List.of(k1));

    assertThat(rotated.open(old, CONTEXT)).isEqualTo(VALUE);
    assertThat(rotated.isCurrent(old)).isFalse();
    String fresh = rotated.seal(VALUE, CONTEXT);
    assertThat(rotated.isCurrent(fresh)).isTrue();
    assertThat(sealer.isCurrent(fresh)).isFalse();
    assertThatThrownBy(() -> sealer.open(fresh, CONTEXT)).isInstanceOf(SealException.class);
  }

  @Test
  void twoSealsOfOneValue_differ() {
    assertThat(sealer.seal(VALUE, CONTEXT)).isNotEqualTo(sealer.seal(VALUE, CONTEXT));
  }

  @Test
  void theKeyId_isStable_andDiffersBetweenKeys() {
    assertThat(Sealer.envelope(k1, List.of()).currentKeyId()).isEqualTo(sealer.currentKeyId());
    assertThat(Sealer.envelope(k2, List.of()).currentKeyId()).isNotEqualTo(sealer.currentKeyId());
    // the text form does not matter, the bytes do: a trailing newline from a file is ignored
    assertThat(Sealer.envelope(ServerSecret.of(k1.reveal() + "\n"), List.of()).currentKeyId())
        .isEqualTo(sealer.currentKeyId());
  }

  @Test
  void textThatIsNotASealedValue_isRefusedWithoutRepeatingIt() {
    for (String bad : List.of("", "plain:whsec_x", "lk1..abc", "lk2.0011.abc", "lk1.x.y.z")) {
      assertThatThrownBy(() -> sealer.open(bad, CONTEXT))
          .isInstanceOf(SealException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("whsec_"));
    }
  }

  @Test
  void aKeyThatIsNot32BytesOfBase64_isRefusedWithoutShowingIt() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    for (String bad : List.of("", "not base64 at all!", short16, k1.reveal() + "AAAA")) {
      assertThatThrownBy(() -> Sealer.envelope(ServerSecret.of(bad), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("32 random bytes in base64")
          .satisfies(e -> assertThat(bad.isEmpty() || !e.getMessage().contains(bad)).isTrue());
    }
    assertThatThrownBy(() -> Sealer.envelope(k1, List.of(ServerSecret.of(short16))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void itsTextForm_namesKeyIdsOnly() {
    Sealer rotated = Sealer.envelope(k2, List.of(k1));

    assertThat(rotated.toString())
        .contains(rotated.currentKeyId())
        .doesNotContain(k1.reveal())
        .doesNotContain(k2.reveal());
  }
}
