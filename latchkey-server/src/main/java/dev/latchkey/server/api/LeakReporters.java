package dev.latchkey.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may report public leaks to {@code POST /v1/leaks}, and how a report proves it: the one way
 * built in is GitHub's secret scanning partner program, whose requests carry an ECDSA (P-256,
 * SHA-256) signature of the raw body in {@code Github-Public-Key-Signature} (base64 DER) made with
 * the key named by {@code Github-Public-Key-Identifier}. The public keys are read from a file in
 * the form GitHub publishes them at {@code https://api.github.com/meta/public_keys/secret_scanning}
 * (this server never fetches them: an operator refreshes the file). Another reporter is another
 * implementation of {@link Check}.
 *
 * <p>Thread-safe once built.
 */
public final class LeakReporters {
  static final String KEY_ID_HEADER = "Github-Public-Key-Identifier";
  static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";

  /** Whether a request's signature holds; the name of the reporter when it does. */
  @FunctionalInterface
  public interface Check {
    Optional<String> reporter(Optional<String> keyId, Optional<String> signature, byte[] body);
  }

  private final Optional<Check> check;

  private LeakReporters(Optional<Check> check) {
    this.check = check;
  }

  /** No reporter: {@code POST /v1/leaks} answers 503. */
  public static LeakReporters none() {
    return new LeakReporters(Optional.empty());
  }

  /** Reporters checked by {@code check}. */
  public static LeakReporters checkedBy(Check check) {
    return new LeakReporters(Optional.of(check));
  }

  /**
   * GitHub, with the public keys in {@code file} (GitHub's JSON: {@code {"public_keys":
   * [{"key_identifier": ..., "key": PEM, "is_current": ...}]}}).
   *
   * @throws IllegalArgumentException naming what is wrong with the file
   */
  public static LeakReporters github(Path file) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    try {
      JsonNode root = Json.mapper().readTree(Files.readAllBytes(file));
      JsonNode list = root == null ? null : root.get("public_keys");
      if (list == null || !list.isArray() || list.isEmpty()) {
        throw new IllegalArgumentException(file + ": no \"public_keys\" array with a key in it");
      }
      KeyFactory ec = KeyFactory.getInstance("EC");
      for (JsonNode k : list) {
        String id = k.path("key_identifier").asText("");
        String pem = k.path("key").asText("");
        String base64 =
            pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        if (id.isEmpty() || base64.isEmpty()) {
          throw new IllegalArgumentException(file + ": a key without key_identifier or key");
        }
        keys.put(id, ec.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64))));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file + ": not GitHub's public key list: " + e.getMessage(), e);
    }
    Map<String, PublicKey> frozen = Map.copyOf(keys);
    return checkedBy((keyId, signature, body) -> verify(frozen, keyId, signature, body));
  }

  private static Optional<String> verify(
      Map<String, PublicKey> keys,
      Optional<String> keyId,
      Optional<String> signature,
      byte[] body) {
    if (keyId.isEmpty() || signature.isEmpty()) {
      return Optional.empty();
    }
    PublicKey key = keys.get(keyId.get().strip());
    if (key == null) {
      return Optional.empty();
    }
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initVerify(key);
      ecdsa.update(body);
      return ecdsa.verify(Base64.getDecoder().decode(signature.get().strip()))
          ? Optional.of("github")
          : Optional.empty();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty(); // a malformed signature is no signature
    }
  }

  Optional<Check> check() {
    return check;
  }
}
