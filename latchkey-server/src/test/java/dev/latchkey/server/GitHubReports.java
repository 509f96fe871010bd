package dev.latchkey.server;

import dev.latchkey.api.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for GitHub's secret scanning: a P-256 key pair made by the test, its public key in the
 * file format GitHub publishes, and reports signed as GitHub signs them.
 */
public final class GitHubReports {
  public final KeyPair pair;
  public final Path keysFile;

  public GitHubReports(Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    this.pair = g.generateKeyPair();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    this.keysFile = dir.resolve("github-keys.json");
    Files.writeString(
        keysFile,
        Json.mapper()
            .writeValueAsString(
                Map.of(
                    "public_keys",
                    List.of(Map.of("key_identifier", "k1", "key", pem, "is_current", true)))));
  }

  /** The base64 signature of {@code body} with this key pair. */
  public String sign(String body) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(pair.getPrivate());
    s.update(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(s.sign());
  }

  /** The headers of a report signed with key {@code keyId} (either may be null: left out). */
  public static Map<String, String> headers(String keyId, String signature) {
    Map<String, String> headers = new HashMap<>();
    if (keyId != null) {
      headers.put("Github-Public-Key-Identifier", keyId);
    }
    if (signature != null) {
      headers.put("Github-Public-Key-Signature", signature);
    }
    return headers;
  }
}
