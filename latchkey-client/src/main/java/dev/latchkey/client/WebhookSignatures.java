package dev.latchkey.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the signature of a webhook delivery from Latchkey.
 *
 * <p>A delivery carries {@code Latchkey-Signature: t=<unix seconds>,v1=<hex>} (several {@code v1=}
 * while the webhook's secret is being rotated) where each {@code v1} is HMAC-SHA256, keyed with the
 * signing secret's UTF-8 bytes, over {@code "<t>.<raw body>"}. {@link #verify} accepts a request
 * when one {@code v1} matches (compared in constant time) and {@code t} is within the tolerance of
 * {@code now}, in either direction. Verify the raw body bytes before parsing them, then deduplicate
 * by {@code Latchkey-Event-Id}: deliveries are at least once, and a captured request replays within
 * the tolerance. Stateless and thread-safe.
 *
 * <pre>{@code
 * WebhookSignatures.verify(secret, request.getHeader(WebhookSignatures.SIGNATURE_HEADER),
 *     rawBody, Instant.now(), WebhookSignatures.DEFAULT_TOLERANCE);
 * if (!seenEventIds.add(request.getHeader(WebhookSignatures.EVENT_ID_HEADER))) return 200;
 * }</pre>
 */
public final class WebhookSignatures {
  public static final String SIGNATURE_HEADER = "Latchkey-Signature";
  public static final String EVENT_ID_HEADER = "Latchkey-Event-Id";

  /** How far a signature's time may be from the receiver's clock: 5 minutes. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final int MAX_HEADER = 1024;
  private static final int MAX_SIGNATURES = 8;

  private WebhookSignatures() {}

  /**
   * Returns normally when {@code header} signs {@code body} with {@code secret} at a time within
   * {@code tolerance} of {@code now}.
   *
   * @param header the {@code Latchkey-Signature} value; null is rejected
   * @throws WebhookSignatureException otherwise, saying which check failed
   */
  public static void verify(
      String secret, String header, byte[] body, Instant now, Duration tolerance) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(body, "body");
    if (header == null || header.isEmpty() || header.length() > MAX_HEADER) {
      throw new WebhookSignatureException("no or an oversized Latchkey-Signature header");
    }
    Long t = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      String item = part.strip();
      if (item.startsWith("t=") && t == null) {
        t = seconds(item.substring(2));
      } else if (item.startsWith("v1=") && signatures.size() < MAX_SIGNATURES) {
        hex(item.substring(3)).ifPresent(signatures::add);
      }
    }
    if (t == null || signatures.isEmpty()) {
      throw new WebhookSignatureException("the Latchkey-Signature header has no t= or no v1=");
    }
    byte[] expected = mac(secret, t, body);
    boolean matched = false;
    for (byte[] candidate : signatures) {
      matched |= MessageDigest.isEqual(expected, candidate); // no early exit: constant time
    }
    if (!matched) {
      throw new WebhookSignatureException("no signature matches the body and the secret");
    }
    long skew = Math.abs(now.getEpochSecond() - t);
    if (skew > tolerance.toSeconds()) {
      throw new WebhookSignatureException(
          "the signature's time is more than " + tolerance.toSeconds() + " s from now");
    }
  }

  /**
   * The header value Latchkey would send for {@code body} at {@code unixSeconds}: for tests of a
   * receiver.
   */
  public static String sign(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
  }

  private static Long seconds(String text) {
    if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit)) {
      throw new WebhookSignatureException("the signature's t= is not a number of seconds");
    }
    return Long.parseLong(text);
  }

  private static java.util.Optional<byte[]> hex(String text) {
    if (text.length() != 64) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(HexFormat.of().parseHex(text));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty(); // not hex: cannot match, like any wrong signature
    }
  }

  private static byte[] mac(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
