package dev.latchkey.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.secrets.vault.VaultFailure.Kind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** {@code POST /v1/auth/approle/login}: role and secret id for a token with a lease. */
final class AppRoleLogin {
  private AppRoleLogin() {}

  static LeasedToken login(
      VaultHttp transport,
      VaultConnection connection,
      VaultAuth.AppRole role,
      Clock clock,
      Duration timeout) {
    ObjectNode body = VaultJson.MAPPER.createObjectNode();
    body.put("role_id", role.roleId());
    body.put("secret_id", role.secretId());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(connection.address() + "/v1/auth/approle/login"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(VaultJson.publisher(body));
    connection.namespace().ifPresent(ns -> request.header("X-Vault-Namespace", ns));
    HttpResponse<String> response = transport.send(request.build());
    if (response.statusCode() >= 400 && response.statusCode() < 500) {
      throw new VaultFailure(
          Kind.REFUSED,
          response.statusCode(),
          "Vault refused the AppRole login: "
              + response.statusCode()
              + " "
              + VaultJson.errors(response.body()),
          null);
    }
    VaultHttp.requireSuccess(response);
    JsonNode auth = VaultJson.parse(response.body()).path("auth");
    String token = auth.path("client_token").asText("");
    if (token.isEmpty()) {
      throw new VaultFailure(Kind.SERVER_ERROR, 200, "the AppRole login gave no token", null);
    }
    return LeasedToken.of(token, clock.instant(), auth.path("lease_duration").asLong(0));
  }
}
