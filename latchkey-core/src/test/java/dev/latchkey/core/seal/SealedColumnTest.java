package dev.latchkey.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealedColumnTest {
  final Sealer sealer = Sealer.envelope(Sealer.newKeyEncryptionKey(), List.of());
  final byte[] value = "whsec_secret".getBytes(StandardCharsets.UTF_8);

  @Test
  void aValue_isBoundToItsRowAndColumn() {
    SealedColumn current = SealedColumn.WEBHOOK_SIGNING_SECRET;
    SealedColumn previous = SealedColumn.WEBHOOK_PREVIOUS_SIGNING_SECRET;
    String sealed = current.seal(sealer, "wh_1", value);

    assertThat(current.context("wh_1")).isEqualTo("webhooks/wh_1/signing_secret");
    assertThat(current.open(sealer, "wh_1", sealed)).isEqualTo(value);
    assertThatThrownBy(() -> current.open(sealer, "wh_2", sealed))
        .isInstanceOf(SealException.class);
    assertThatThrownBy(() -> previous.open(sealer, "wh_1", sealed))
        .isInstanceOf(SealException.class);
  }

  @Test
  void valuesFromBeforeSealing_openWhereTheColumnReadsThem() {
    SealedColumn column = SealedColumn.WEBHOOK_SIGNING_SECRET;

    assertThat(column.isPlain("plain:whsec_secret")).isTrue();
    assertThat(column.open(sealer, "wh_1", "plain:whsec_secret")).isEqualTo(value);
    assertThat(column.isPlain(column.seal(sealer, "wh_1", value))).isFalse();
  }

  @Test
  void everyDeclaredColumn_hasItsOwnContext() {
    assertThat(
            java.util.Arrays.stream(SealedColumn.values())
                .map(c -> c.context("x"))
                .distinct()
                .count())
        .isEqualTo(SealedColumn.values().length);
  }
}
