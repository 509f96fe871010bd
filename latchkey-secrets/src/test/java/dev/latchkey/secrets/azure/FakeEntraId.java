package dev.latchkey.secrets.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parts of the Microsoft identity platform a confidential client uses: the v2.0 token endpoint
 * ({@code POST /{tenant}/oauth2/v2.0/token}, client credentials grant), OpenID discovery ({@code
 * /{tenant}/v2.0/.well-known/openid-configuration}) and instance discovery ({@code
 * /common/discovery/instance}). It knows one tenant and one client; the tokens it issues are random
 * and remembered, so the vault can check them.
 */
final class FakeEntraId {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String tenantId = UUID.randomUUID().toString();
  final String clientId = UUID.randomUUID().toString();
  final String clientSecret = UUID.randomUUID() + "~" + UUID.randomUUID();
  private final Set<String> issued = ConcurrentHashMap.newKeySet();
  private final String base;

  FakeEntraId(String base) {
    this.base = base;
  }

  boolean isIssued(String token) {
    return issued.contains(token);
  }

  /** Answers the request when it is one of the identity platform's, else returns false. */
  boolean serve(HttpExchange exchange, String path) throws IOException {
    if (path.equals("/common/discovery/instance")) {
      String host = base.substring("https://".length());
      ObjectNode out = JSON.createObjectNode();
      out.put(
          "tenant_discovery_endpoint",
          base + "/" + tenantId + "/v2.0/.well-known/openid-configuration");
      out.put("api-version", "1.1");
      ObjectNode metadata = out.putArray("metadata").addObject();
      metadata.put("preferred_network", host).put("preferred_cache", host);
      metadata.putArray("aliases").add(host);
      FakeAzure.reply(exchange, 200, out);
      return true;
    }
    if (path.equals("/" + tenantId + "/v2.0/.well-known/openid-configuration")) {
      String authority = base + "/" + tenantId;
      FakeAzure.reply(
          exchange,
          200,
          JSON.createObjectNode()
              .put("issuer", authority + "/v2.0")
              .put("authorization_endpoint", authority + "/oauth2/v2.0/authorize")
              .put("token_endpoint", authority + "/oauth2/v2.0/token"));
      return true;
    }
    if (path.equals("/" + tenantId + "/oauth2/v2.0/token")
        && exchange.getRequestMethod().equals("POST")) {
      token(exchange);
      return true;
    }
    return false;
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form =
        form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!"client_credentials".equals(form.get("grant_type"))
        || !Set.of(String.valueOf(form.get("scope")).split(" "))
            .contains("https://vault.azure.net/.default")) {
      FakeAzure.reply(
          exchange, 400, oauthError("invalid_request", "AADSTS900144: bad grant or scope"));
    } else if (!clientId.equals(form.get("client_id"))
        || !equal(clientSecret, form.get("client_secret"))) {
      FakeAzure.reply(
          exchange,
          401,
          oauthError("invalid_client", "AADSTS7000215: Invalid client secret provided."));
    } else {
      String token = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID();
      issued.add(token);
      FakeAzure.reply(
          exchange,
          200,
          JSON.createObjectNode()
              .put("token_type", "Bearer")
              .put("expires_in", 3599)
              .put("ext_expires_in", 3599)
              .put("access_token", token));
    }
  }

  private static ObjectNode oauthError(String error, String description) {
    ObjectNode out =
        JSON.createObjectNode().put("error", error).put("error_description", description);
    out.putArray("error_codes")
        .add(Integer.parseInt(description.replaceAll("AADSTS(\\d+):.*", "$1")));
    return out.put("trace_id", UUID.randomUUID().toString())
        .put("correlation_id", UUID.randomUUID().toString());
  }

  private static boolean equal(String expected, String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    Arrays.stream(body.split("&"))
        .map(pair -> pair.split("=", 2))
        .filter(kv -> kv.length == 2)
        .forEach(
            kv ->
                out.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
    return out;
  }
}
