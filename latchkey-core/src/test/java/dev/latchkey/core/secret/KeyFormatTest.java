package dev.latchkey.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyFormatTest {

  @Test
  void checksum_isCrc32OfTheTextBeforeIt_inSixBase62Digits() {
    // The checksum is recomputed here independently of KeyFormat, from its documented definition.
    String head = "pay_" + "a".repeat(32);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    long value = crc.getValue();
    StringBuilder check = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      check.insert(0, Base62.ALPHABET.charAt((int) (value % 62)));
      value /= 62;
    }
    assertThat(KeyFormat.parse(head + check)).isPresent();
  }

  @Test
  void rootKeys_useTheRootPrefix_andAreNotServiceKeys() {
    Secret root = KeyFormat.generateRoot();
    assertThat(root.reveal()).startsWith("lk_root_").hasSize(8 + 38);
    assertThat(root.prefix()).isEqualTo(KeyFormat.ROOT_PREFIX);
    assertThat(KeyFormat.parse(root.reveal()).orElseThrow().prefix()).isEqualTo("lk_root");
  }

  @Test
  void servicePrefixes_followTheRule() {
    assertThat(KeyFormat.isValidServicePrefix("pay")).isTrue();
    assertThat(KeyFormat.isValidServicePrefix("a1234567890abcde")).isTrue();
    assertThat(KeyFormat.isValidServicePrefix("a1234567890abcdef")).isFalse();
    assertThat(KeyFormat.isValidServicePrefix("1pay")).isFalse();
    assertThat(KeyFormat.isValidServicePrefix("Pay")).isFalse();
    assertThat(KeyFormat.isValidServicePrefix("pay_x")).isFalse();
    assertThat(KeyFormat.isValidServicePrefix("")).isFalse();
    assertThatThrownBy(() -> KeyFormat.generate("lk_root"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedShapes_areRejected() {
    String key = KeyFormat.generate("pay").reveal();
    assertThat(KeyFormat.parse(null)).isEmpty();
    assertThat(KeyFormat.parse("")).isEmpty();
    assertThat(KeyFormat.parse(key + " ")).isEmpty();
    assertThat(KeyFormat.parse(key.replace('_', '-'))).isEmpty();
    assertThat(KeyFormat.parse("x".repeat(10_000))).isEmpty();
    assertThat(KeyFormat.parse("Pay" + key.substring(3))).isEmpty();
    assertThat(KeyFormat.parse(key.substring(0, 4) + "é" + key.substring(5))).isEmpty();
  }

  @Test
  void secrets_areUniqueAndUseTheWholeAlphabet() {
    Set<String> seen = new HashSet<>();
    Set<Character> chars = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String key = KeyFormat.generate("t").reveal();
      assertThat(seen.add(key)).isTrue();
      for (char c : key.substring(2, 34).toCharArray()) {
        chars.add(c);
      }
    }
    assertThat(chars).hasSize(62);
  }

  @Test
  void secret_toStringIsRedacted_andEqualityIsByValue() {
    Secret s = KeyFormat.generate("pay");
    assertThat(s.toString()).doesNotContain(s.reveal()).startsWith("Secret[pay_");
    assertThat(s.start()).isEqualTo(s.reveal().substring(0, 8));
    Secret same = KeyFormat.parse(s.reveal()).orElseThrow();
    assertThat(same).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(KeyFormat.generate("pay")).isNotEqualTo(s);
  }
}
