package dev.latchkey.secrets.aws;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 {@code Authorization} header the way AWS does: the credential
 * scope names the known access key, the region and the service, and the signature recomputed from
 * the secret key matches. Returns the error AWS would answer with, if any.
 */
final class SigV4Check {
  private static final Pattern HEADER =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
              + "SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");

  private SigV4Check() {}

  /** Empty when the request is signed by {@code accessKeyId} for {@code region}. */
  static Optional<String> problem(
      HttpExchange exchange, byte[] body, String accessKeyId, String secretKey, String region)
      throws Exception {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null) {
      return Optional.of("IncompleteSignatureException");
    }
    Matcher m = HEADER.matcher(auth);
    if (!m.matches()) {
      return Optional.of("IncompleteSignatureException");
    }
    if (!m.group(1).equals(accessKeyId)) {
      return Optional.of("UnrecognizedClientException");
    }
    if (!m.group(3).equals(region) || !m.group(4).equals("secretsmanager")) {
      return Optional.of("InvalidSignatureException");
    }
    String canonical = canonicalRequest(exchange, body, m.group(5));
    String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
    String scope = m.group(2) + "/" + region + "/secretsmanager/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), m.group(2));
    key = hmac(hmac(hmac(key, region), "secretsmanager"), "aws4_request");
    String expected = hex(hmac(key, toSign));
    return expected.equals(m.group(6))
        ? Optional.empty()
        : Optional.of("InvalidSignatureException");
  }

  private static String canonicalRequest(HttpExchange exchange, byte[] body, String signed)
      throws Exception {
    StringBuilder headers = new StringBuilder();
    for (String name : signed.split(";")) {
      String value = exchange.getRequestHeaders().getFirst(name);
      headers.append(name).append(':').append(value == null ? "" : value.strip()).append('\n');
    }
    String query = exchange.getRequestURI().getRawQuery();
    return exchange.getRequestMethod()
        + "\n"
        + exchange.getRequestURI().getRawPath()
        + "\n"
        + (query == null ? "" : query)
        + "\n"
        + headers
        + "\n"
        + signed
        + "\n"
        + hex(MessageDigest.getInstance("SHA-256").digest(body));
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
