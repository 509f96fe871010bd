package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Signing then verifying, and what any change to a signed request does. */
class WebhookSignaturesProperties {
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  @Provide
  Arbitrary<String> secrets() {
    return Arbitraries.strings().alpha().numeric().ofLength(32).map(s -> "whsec_" + s);
  }

  @Property
  void whatIsSigned_verifies(
      @ForAll("secrets") String secret,
      @ForAll @Size(max = 2048) byte[] body,
      @ForAll @LongRange(min = 0, max = 4_000_000_000L) long t,
      @ForAll @IntRange(min = -300, max = 300) int skew) {
    String header = WebhookSignatures.sign(secret, t, body);
    assertThatCode(
            () ->
                WebhookSignatures.verify(
                    secret, header, body, Instant.ofEpochSecond(t + skew), TOLERANCE))
        .doesNotThrowAnyException();
  }

  @Property
  void flippingAnyBitOfTheBody_breaksIt(
      @ForAll("secrets") String secret,
      @ForAll @Size(min = 1, max = 512) byte[] body,
      @ForAll @IntRange(min = 0, max = 4095) int bit) {
    String header = WebhookSignatures.sign(secret, 1_700_000_000L, body);
    byte[] tampered = body.clone();
    int at = bit % (body.length * 8);
    tampered[at / 8] ^= (byte) (1 << (at % 8));
    assertThatThrownBy(
            () ->
                WebhookSignatures.verify(
                    secret, header, tampered, Instant.ofEpochSecond(1_700_000_000L), TOLERANCE))
        .isInstanceOf(WebhookSignatureException.class);
  }

  @Property
  void anyHeaderText_isAcceptedOrRefused_neverAnotherFailure(
      @ForAll @Size(max = 300) String header, @ForAll @Size(max = 64) byte[] body) {
    try {
      WebhookSignatures.verify(
          "whsec_0123456789abcdefghijklmnopqrstuv",
          header,
          body,
          Instant.ofEpochSecond(1_700_000_000L),
          TOLERANCE);
    } catch (WebhookSignatureException expected) {
      // refused: the only failure allowed
    }
  }
}
