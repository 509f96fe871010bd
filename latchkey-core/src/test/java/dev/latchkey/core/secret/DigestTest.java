package dev.latchkey.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DigestTest {
  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void sha256_matchesKnownAnswerVectors() {
    // FIPS 180-2 examples.
    assertThat(HexFormat.of().formatHex(Digest.sha256(ascii("abc")).toBytes()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(HexFormat.of().formatHex(Digest.sha256(ascii("")).toBytes()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(
            HexFormat.of()
                .formatHex(
                    Digest.sha256(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                        .toBytes()))
        .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }

  @Test
  void secretDigest_isTheSha256OfItsText() {
    Secret s = KeyFormat.generate("pay");
    assertThat(s.digest()).isEqualTo(Digest.sha256(ascii(s.reveal())));
  }

  @Test
  void digests_roundTripThroughBytes_andDoNotExposeThemInToString() {
    Digest d = Digest.sha256(ascii("abc"));
    assertThat(Digest.ofBytes(d.toBytes())).isEqualTo(d).hasSameHashCodeAs(d);
    assertThat(d.toString()).hasSizeLessThan(40);
    assertThatThrownBy(() -> Digest.ofBytes(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Digest.sha256(ascii("abd"))).isNotEqualTo(d);
  }
}
