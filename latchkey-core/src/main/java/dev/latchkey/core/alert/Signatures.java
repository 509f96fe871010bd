package dev.latchkey.core.alert;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Latchkey-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 over
 * "<t>.<body>">}, one {@code v1=} per secret that signs (two during a secret rotation's grace
 * period). The key is the secret's UTF-8 text. Receivers verify with the recipe of docs/alerts.md
 * or the SDK's {@code WebhookSignatures}.
 */
public final class Signatures {
  /** The header carrying the signature. */
  public static final String HEADER = "Latchkey-Signature";

  /** The header carrying the event id, the same on every attempt of one delivery. */
  public static final String EVENT_ID_HEADER = "Latchkey-Event-Id";

  private Signatures() {}

  /** The header value signing {@code body} at {@code unixSeconds} with each of {@code secrets}. */
  public static String header(List<SigningSecret> secrets, long unixSeconds, byte[] body) {
    StringBuilder b = new StringBuilder("t=").append(unixSeconds);
    for (SigningSecret s : secrets) {
      b.append(",v1=").append(HexFormat.of().formatHex(mac(s, unixSeconds, body)));
    }
    return b.toString();
  }

  static byte[] mac(SigningSecret secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.keyBytes(), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
