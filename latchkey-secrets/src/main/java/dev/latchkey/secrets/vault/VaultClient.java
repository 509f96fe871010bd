package dev.latchkey.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.secrets.vault.VaultFailure.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A small client of Vault's KV v2 secrets engine over {@code java.net.http}: read a secret, write
 * one with check-and-set. With AppRole it logs in before the first call, again when the token's
 * lease has run (nine tenths) out, and once more when Vault answers 403 (the token was revoked).
 *
 * <p>Thread-safe. Each request times out after the request timeout (10 s in production).
 */
final class VaultClient {
  private final VaultConnection connection;
  private final Clock clock;
  private final Duration requestTimeout;
  private final VaultHttp transport;
  private LeasedToken token; // guarded by this

  VaultClient(HttpClient http, VaultConnection connection, Clock clock, Duration requestTimeout) {
    this.connection = connection;
    this.clock = clock;
    this.requestTimeout = requestTimeout;
    this.transport = new VaultHttp(http);
  }

  /** The HTTP client to give clients: {@code connectTimeout}, no redirects followed. */
  static HttpClient newHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The current version of {@code mount/path}; empty when it was never written. When its current
   * version was deleted (Vault answers 404 with the version's metadata), the fields are empty and
   * the version is the deleted one, which the next write must check-and-set on.
   *
   * @throws VaultFailure when Vault refuses (a 404 naming no route: an unknown mount) or fails
   */
  Optional<KvSecret> read(String mount, String path) {
    HttpResponse<String> response = call(request(mount, path).GET());
    if (response.statusCode() != 404) {
      VaultHttp.requireSuccess(response);
    } else if (!VaultJson.errors(response.body()).isEmpty()) {
      throw VaultHttp.failure(response); // "no handler for route": no such mount
    }
    JsonNode data = VaultJson.parse(response.body()).path("data");
    int version = data.path("metadata").path("version").asInt(0);
    if (data.path("data") instanceof ObjectNode fields) {
      return Optional.of(new KvSecret(version, fields));
    }
    return version == 0
        ? Optional.empty()
        : Optional.of(new KvSecret(version, VaultJson.MAPPER.createObjectNode()));
  }

  /**
   * Writes {@code fields} as the new version of {@code mount/path}, if its current version is still
   * {@code cas} (0: if it does not exist yet).
   *
   * @return the new version
   * @throws VaultFailure of kind {@link Kind#CAS_MISMATCH} when another write came first
   */
  int write(String mount, String path, int cas, ObjectNode fields) {
    ObjectNode body = VaultJson.MAPPER.createObjectNode();
    body.putObject("options").put("cas", cas);
    body.set("data", fields);
    HttpResponse<String> response =
        call(
            request(mount, path)
                .POST(VaultJson.publisher(body))
                .header("Content-Type", "application/json"));
    if (response.statusCode() == 400
        && VaultJson.errors(response.body()).contains("check-and-set")) {
      throw new VaultFailure(Kind.CAS_MISMATCH, 400, "check-and-set version mismatch", null);
    }
    VaultHttp.requireSuccess(response);
    return VaultJson.parse(response.body()).path("data").path("version").asInt(0);
  }

  private HttpRequest.Builder request(String mount, String path) {
    URI uri = URI.create(connection.address() + "/v1/" + mount + "/data/" + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout);
    connection.namespace().ifPresent(ns -> b.header("X-Vault-Namespace", ns));
    return b;
  }

  /** Sends with the current token; with AppRole, logs in again once on a 403. */
  private HttpResponse<String> call(HttpRequest.Builder request) {
    String used = token();
    HttpResponse<String> response =
        transport.send(request.copy().header("X-Vault-Token", used).build());
    if (response.statusCode() == 403 && connection.auth() instanceof VaultAuth.AppRole) {
      forget(used);
      response = transport.send(request.copy().header("X-Vault-Token", token()).build());
    }
    return response;
  }

  private synchronized String token() {
    return switch (connection.auth()) {
      case VaultAuth.Token t -> t.token();
      case VaultAuth.AppRole role -> {
        if (token == null || !clock.instant().isBefore(token.renewAt())) {
          token = AppRoleLogin.login(transport, connection, role, clock, requestTimeout);
        }
        yield token.value();
      }
    };
  }

  private synchronized void forget(String used) {
    if (token != null && token.value().equals(used)) {
      token = null;
    }
  }

  @Override
  public String toString() {
    return "VaultClient[" + connection.address() + "]";
  }
}
