package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The receiver's check of {@code Latchkey-Signature}, against a vector computed with openssl. */
class WebhookSignaturesTest {
  // printf '1700000000.{"id":"dlv_1"}' | openssl dgst -sha256 -hmac "$SECRET" -hex
  static final String SECRET = "whsec_0123456789abcdefghijklmnopqrstuv";
  static final byte[] BODY = "{\"id\":\"dlv_1\"}".getBytes(StandardCharsets.UTF_8);
  static final String HEX = "d3b782ddaee0096a94450bd1b7e6944dea683ba77a8bf6abf7162384c9fbcef0";
  static final Instant T = Instant.ofEpochSecond(1_700_000_000L);
  static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void knownVector_verifies_andSignProducesIt() {
    assertThatCode(
            () -> WebhookSignatures.verify(SECRET, "t=1700000000,v1=" + HEX, BODY, T, FIVE_MINUTES))
        .doesNotThrowAnyException();
    org.assertj.core.api.Assertions.assertThat(WebhookSignatures.sign(SECRET, 1_700_000_000L, BODY))
        .isEqualTo("t=1700000000,v1=" + HEX);
  }

  @Test
  void anyOfSeveralSignatures_mayMatch_asDuringARotation() {
    String other = WebhookSignatures.sign("whsec_other", 1_700_000_000L, BODY).split(",")[1];
    assertThatCode(
            () ->
                WebhookSignatures.verify(
                    SECRET, "t=1700000000," + other + ",v1=" + HEX, BODY, T, FIVE_MINUTES))
        .doesNotThrowAnyException();
  }

  @Test
  void aTamperedBody_isRejected() {
    byte[] tampered = "{\"id\":\"dlv_2\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                WebhookSignatures.verify(
                    SECRET, "t=1700000000,v1=" + HEX, tampered, T, FIVE_MINUTES))
        .isInstanceOf(WebhookSignatureException.class)
        .hasMessageContaining("no signature matches");
  }

  @Test
  void aReplayedOldTimestamp_orOneFromTheFuture_isRejected() {
    String header = "t=1700000000,v1=" + HEX;
    assertThatThrownBy(
            () -> WebhookSignatures.verify(SECRET, header, BODY, T.plusSeconds(301), FIVE_MINUTES))
        .isInstanceOf(WebhookSignatureException.class)
        .hasMessageContaining("300 s");
    assertThatThrownBy(
            () -> WebhookSignatures.verify(SECRET, header, BODY, T.minusSeconds(301), FIVE_MINUTES))
        .isInstanceOf(WebhookSignatureException.class);
    assertThatCode(
            () -> WebhookSignatures.verify(SECRET, header, BODY, T.plusSeconds(300), FIVE_MINUTES))
        .doesNotThrowAnyException();
  }

  @Test
  void aTimestampChangedToLookFresh_breaksTheSignature() {
    assertThatThrownBy(
            () ->
                WebhookSignatures.verify(
                    SECRET, "t=1700000600,v1=" + HEX, BODY, T.plusSeconds(600), FIVE_MINUTES))
        .isInstanceOf(WebhookSignatureException.class);
  }

  @Test
  void malformedHeaders_areRejected_withoutEchoingTheSecret() {
    for (String header :
        new String[] {
          null,
          "",
          "v1=" + HEX,
          "t=1700000000",
          "t=abc,v1=" + HEX,
          "t=1700000000,v1=zz",
          "t=1700000000,v0=" + HEX,
          "t=-1,v1=" + HEX,
          "x".repeat(2000)
        }) {
      assertThatThrownBy(() -> WebhookSignatures.verify(SECRET, header, BODY, T, FIVE_MINUTES))
          .as(String.valueOf(header))
          .isInstanceOf(WebhookSignatureException.class)
          .satisfies(
              e ->
                  org.assertj.core.api.Assertions.assertThat(e.getMessage())
                      .doesNotContain(SECRET));
    }
  }
}
