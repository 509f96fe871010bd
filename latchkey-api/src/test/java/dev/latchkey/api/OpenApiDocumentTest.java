package dev.latchkey.api;

import static dev.latchkey.api.OpenApiTree.list;
import static dev.latchkey.api.OpenApiTree.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.OpenApiTree.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The document's own shape: routes, security, responses, parameters, references. */
class OpenApiDocumentTest {
  /** The routes of HELPERS.md ("HTTP API"), written out by hand. */
  static final String REDEEM_LINK = "redeemOneTimeLink";

  static final Set<String> ROUTES =
      Set.of(
          "GET /healthz",
          "GET /readyz",
          "GET /openapi.yaml",
          "POST /v1/one-time-links/{token}",
          "POST /v1/services",
          "GET /v1/services",
          "GET /v1/services/{id}",
          "PATCH /v1/services/{id}",
          "POST /v1/consumers",
          "GET /v1/consumers",
          "GET /v1/consumers/{id}",
          "PATCH /v1/consumers/{id}",
          "POST /v1/consumers/{id}:credits",
          "POST /v1/keys",
          "GET /v1/keys",
          "GET /v1/keys/{id}",
          "GET /v1/keys/{id}/access-report",
          "GET /v1/keys/{id}/usage",
          "GET /v1/services/{id}/usage",
          "PATCH /v1/keys/{id}",
          "POST /v1/keys/{id}:rotate",
          "POST /v1/keys/{id}:revoke",
          "POST /v1/keys/{id}:credits",
          "POST /v1/keys:verify",
          "GET /v1/forward-auth",
          "POST /v1/forward-auth",
          "PUT /v1/forward-auth",
          "PATCH /v1/forward-auth",
          "DELETE /v1/forward-auth",
          "HEAD /v1/forward-auth",
          "OPTIONS /v1/forward-auth",
          "GET /v1/forward-auth/{path}",
          "POST /v1/forward-auth/{path}",
          "PUT /v1/forward-auth/{path}",
          "PATCH /v1/forward-auth/{path}",
          "DELETE /v1/forward-auth/{path}",
          "HEAD /v1/forward-auth/{path}",
          "OPTIONS /v1/forward-auth/{path}",
          "POST /v1/ratelimits:check",
          "POST /v1/root-keys",
          "GET /v1/root-keys",
          "GET /v1/root-keys/{id}",
          "POST /v1/root-keys/{id}:revoke",
          "POST /v1/roles",
          "GET /v1/roles",
          "GET /v1/roles/{id}",
          "PATCH /v1/roles/{id}",
          "GET /v1/alerts",
          "GET /v1/alerts/{id}",
          "POST /v1/alerts/{id}:acknowledge",
          "GET /v1/alert-rules",
          "PUT /v1/alert-rules/{rule}",
          "POST /v1/webhooks",
          "GET /v1/webhooks",
          "GET /v1/webhooks/{id}",
          "PATCH /v1/webhooks/{id}",
          "DELETE /v1/webhooks/{id}",
          "POST /v1/webhooks/{id}:rotate-secret",
          "GET /v1/webhooks/{id}/deliveries",
          "POST /v1/webhooks/{id}/deliveries/{delivery}:retry",
          "POST /v1/leaks",
          "POST /v1/leaks:check",
          "POST /v1/leaks:revoke",
          "GET /v1/audit-events",
          "GET /v1/audit-events:verify",
          "GET /v1/audit-events:export",
          "GET /v1/events",
          "POST /v1/sinks",
          "GET /v1/sinks",
          "GET /v1/sinks/{id}",
          "PATCH /v1/sinks/{id}",
          "DELETE /v1/sinks/{id}",
          "PUT /v1/services/{id}/rotation-policy",
          "GET /v1/services/{id}/rotation-policy",
          "DELETE /v1/services/{id}/rotation-policy",
          "PUT /v1/keys/{id}/rotation-policy",
          "GET /v1/keys/{id}/rotation-policy",
          "DELETE /v1/keys/{id}/rotation-policy",
          "POST /v1/keys/{id}/rotations",
          "GET /v1/keys/{id}/rotations");

  static final Set<String> CREATES =
      Set.of(
          "createService",
          "createConsumer",
          "createKey",
          "createRootKey",
          "createRole",
          "createWebhook",
          "createSink");

  /** Deletions answering {@code 204} without a body. */
  static final Set<String> NO_CONTENT =
      Set.of("deleteSink", "deleteServiceRotationPolicy", "deleteKeyRotationPolicy");

  /**
   * The one operation with two successes: a rotation through a sink answers {@code 201} when done
   * and {@code 202} when the delivery failed and it waits for a retry.
   */
  static final String START_ROTATION = "startKeyRotation";

  /** The operations that honour {@code Idempotency-Key}: the creates and the credits verbs. */
  static final Set<String> IDEMPOTENT =
      Stream.concat(CREATES.stream(), Stream.of("changeKeyCredits", "changeConsumerCredits"))
          .collect(Collectors.toUnmodifiableSet());

  private final OpenApiTree doc = OpenApiTree.load();

  @Test
  void document_declaresOpenApi310() {
    assertThat(doc.root.get("openapi")).isEqualTo("3.1.0");
    assertThat(map(doc.root.get("info"))).containsKeys("title", "version", "description");
  }

  @Test
  void operations_areExactlyTheRoutesOfTheHttpApi() {
    assertThat(doc.operations().stream().map(Operation::toString))
        .containsExactlyInAnyOrderElementsOf(ROUTES);
  }

  @Test
  void everyReference_resolvesInsideTheDocument() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc.root, refs);
    assertThat(refs).hasSizeGreaterThan(100);
    assertThat(refs).allSatisfy(ref -> assertThat(doc.at(ref)).as(ref).isNotNull());
  }

  @Test
  void everyOperation_hasAUniqueOperationId() {
    List<String> ids = doc.operations().stream().map(Operation::id).toList();
    assertThat(ids).doesNotContainNull().doesNotHaveDuplicates().hasSize(ROUTES.size());
  }

  @Test
  void everyOperation_answersOne2xxAndErrorsAsProblems() {
    for (Operation op : doc.operations()) {
      Map<String, Map<String, Object>> responses = doc.responses(op);
      assertThat(responses.keySet().stream().filter(c -> c.startsWith("2")))
          .as(op.id())
          .hasSize(op.id().equals(START_ROTATION) ? 2 : 1);
      assertThat(responses.keySet()).as(op.id()).anyMatch(c -> c.matches("[45]\\d\\d"));
      responses.forEach(
          (code, response) -> {
            if (code.matches("[45]\\d\\d")) {
              Map<String, Object> content = map(response.get("content"));
              assertThat(content.keySet())
                  .as(op + " " + code)
                  .containsExactly("application/problem+json");
              assertThat(map(map(content.get("application/problem+json")).get("schema")))
                  .as(op + " " + code)
                  .containsEntry("$ref", "#/components/schemas/Problem");
            }
          });
    }
  }

  @Test
  void everyResponse_carriesTheRequestIdHeader() {
    List<Map<String, Object>> responses = new ArrayList<>();
    doc.operations().forEach(op -> responses.addAll(doc.responses(op).values()));
    map(map(doc.root.get("components")).get("responses"))
        .values()
        .forEach(r -> responses.add(map(r)));
    assertThat(responses)
        .allSatisfy(
            r -> {
              Map<String, Object> header = doc.resolve(map(r.get("headers")).get("X-Request-Id"));
              assertThat(header).containsEntry("required", true);
            });
  }

  @Test
  void managementOperations_needTheRootKey_healthOperationsNone() {
    assertThat(doc.resolve(doc.at("#/components/securitySchemes/rootKey")))
        .containsEntry("type", "http")
        .containsEntry("scheme", "bearer");
    for (Operation op : doc.operations()) {
      if (op.id().equals("reportLeaks") || op.id().equals(REDEEM_LINK)) {
        // A secret scanner signs its report instead (checked by the handler); a one-time link's
        // token, in its path, is its credential.
        assertThat(doc.security(op)).as(op.id()).isEmpty();
      } else if (op.path().startsWith("/v1/forward-auth")) {
        // The gateway's root key; Authorization carries the client's key there.
        assertThat(doc.security(op)).as(op.id()).containsExactly(Map.of("gatewayKey", List.of()));
      } else if (op.path().startsWith("/v1/")) {
        assertThat(doc.security(op)).as(op.id()).containsExactly(Map.of("rootKey", List.of()));
      } else {
        assertThat(doc.security(op)).as(op.id()).isEmpty();
      }
    }
  }

  @Test
  void errorStatuses_areThoseEachOperationCanGive() {
    Set<String> conflicts =
        Set.of(
            "createService",
            "updateService",
            "createConsumer",
            "updateConsumer",
            "updateKey",
            "rotateKey",
            "changeKeyCredits",
            "changeConsumerCredits",
            "createRole",
            "updateRole",
            "retryWebhookDelivery",
            "createWebhook",
            "createSink",
            "updateSink",
            "deleteSink",
            START_ROTATION);
    for (Operation op : doc.operations()) {
      Set<String> expected = new TreeSet<>(List.of(success(op.id()), "500"));
      if (op.id().equals(START_ROTATION)) {
        expected.add("202");
      }
      if (op.path().startsWith("/v1/")) {
        expected.addAll(List.of("400", "401", "403", "503"));
      }
      if (op.path().contains("{id}")) {
        expected.add("404");
      }
      if (conflicts.contains(op.id())) {
        expected.add("409");
      }
      if (op.node().containsKey("requestBody")) {
        expected.addAll(List.of("413", "415"));
      }
      if (IDEMPOTENT.contains(op.id())) {
        expected.add("422");
      }
      if (op.id().equals("checkReadiness")) {
        expected.add("503");
      }
      if (op.path().startsWith("/v1/forward-auth")) {
        expected.add("429");
      }
      if (op.id().equals("reportLeaks")) {
        // signed, not a root key: no 403; the raw body is read, whatever its media type
        expected = new TreeSet<>(List.of("200", "400", "401", "413", "500", "503"));
      }
      if (op.id().equals(REDEEM_LINK)) {
        // no root key, no body: an unknown token, a used or expired link, or no key to open it
        expected = new TreeSet<>(List.of("200", "404", "410", "500", "503"));
      }
      assertThat(doc.responses(op).keySet())
          .as(op.id())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static String success(String operationId) {
    if (CREATES.contains(operationId) || operationId.equals(START_ROTATION)) {
      return "201";
    }
    return NO_CONTENT.contains(operationId) ? "204" : "200";
  }

  @Test
  void errorResponses_carryTheirHeaders() {
    assertThat(map(doc.resolve(doc.at("#/components/responses/Unauthorized")).get("headers")))
        .containsKey("WWW-Authenticate");
    assertThat(map(doc.resolve(doc.at("#/components/responses/MethodNotAllowed")).get("headers")))
        .containsKey("Allow");
  }

  @Test
  void createsAndCreditsVerbs_acceptAnIdempotencyKey_andNothingElseDoes() {
    for (Operation op : doc.operations()) {
      List<Map<String, Object>> keys =
          doc.parameters(op).stream().filter(p -> "Idempotency-Key".equals(p.get("name"))).toList();
      if (!IDEMPOTENT.contains(op.id())) {
        assertThat(keys).as(op.id()).isEmpty();
        continue;
      }
      assertThat(keys)
          .as(op.id())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p).containsEntry("in", "header").containsEntry("required", false);
                assertThat(map(p.get("schema")))
                    .containsEntry("minLength", 1)
                    .containsEntry("maxLength", 255);
              });
      String success = CREATES.contains(op.id()) ? "201" : "200";
      assertThat(map(doc.responses(op).get(success).get("headers")))
          .as(op.id())
          .containsKey("Idempotent-Replayed");
    }
  }

  @Test
  void pathParameters_matchTheTemplate() {
    Pattern template = Pattern.compile("\\{([^}]+)}");
    for (Operation op : doc.operations()) {
      Set<String> inPath = new HashSet<>();
      Matcher m = template.matcher(op.path());
      while (m.find()) {
        inPath.add(m.group(1));
      }
      Set<String> declared =
          doc.parameters(op).stream()
              .filter(p -> "path".equals(p.get("in")))
              .peek(p -> assertThat(p).containsEntry("required", true))
              .map(p -> (String) p.get("name"))
              .collect(Collectors.toSet());
      assertThat(declared).as(op.toString()).isEqualTo(inPath);
    }
  }

  @Test
  void lists_arePaginated_andKeysFiltered() {
    for (Operation op : doc.operations()) {
      Map<String, Object> ok = doc.responses(op).get("200");
      Object schema = ok == null ? null : schemaOf(ok, "application/json");
      boolean isPage = schema != null && String.valueOf(map(schema).get("$ref")).endsWith("Page");
      Set<String> query =
          doc.parameters(op).stream()
              .filter(p -> "query".equals(p.get("in")))
              .map(p -> (String) p.get("name"))
              .collect(Collectors.toSet());
      Set<String> expected = new HashSet<>();
      if (isPage) {
        expected.addAll(List.of("page_size", "page_token"));
      }
      if (op.id().equals("listKeys")) {
        expected.addAll(List.of("service", "consumer", "state", "expiring_within"));
      }
      if (op.id().equals("getKeyAccessReport")) {
        expected.add("days");
      }
      if (op.id().equals("getKeyUsage") || op.id().equals("getServiceUsage")) {
        expected.addAll(List.of("since", "until", "granularity"));
      }
      if (op.id().equals("listAlerts")) {
        expected.addAll(List.of("status", "rule", "since"));
      }
      if (op.id().equals("listWebhookDeliveries")) {
        expected.add("status");
      }
      if (op.id().equals("listAuditEvents")) {
        expected.addAll(
            List.of(
                "actor_type", "actor_id", "action", "target_type", "target_id", "since", "until"));
      }
      if (op.path().startsWith("/v1/forward-auth")) {
        // On the suffix path the query is the client's: only the key may come from it.
        expected.add("key");
        if (!op.path().contains("{path}")) {
          expected.addAll(List.of("service", "permissions", "cost", "limits"));
        }
      }
      assertThat(query).as(op.id()).isEqualTo(expected);
    }
    assertThat(map(doc.resolve(doc.at("#/components/parameters/PageSize")).get("schema")))
        .containsEntry("type", "integer")
        .containsEntry("minimum", 1)
        .containsEntry("maximum", 100)
        .containsEntry("default", 20);
  }

  @Test
  void requestBodies_areJsonSchemasThatRejectUnknownFields() {
    Set<String> optionalBodies =
        Set.of(
            "rotateKey",
            "revokeKey",
            "revokeRootKey",
            "acknowledgeAlert",
            "rotateWebhookSecret",
            "retryWebhookDelivery",
            START_ROTATION);
    for (Operation op : doc.operations()) {
      Object body = op.node().get("requestBody");
      if (body == null) {
        // a gateway's body is ignored; redeeming a link takes none
        if (!op.path().startsWith("/v1/forward-auth") && !op.id().equals(REDEEM_LINK)) {
          assertThat(op.method()).as(op.id()).isIn("GET", "DELETE");
        }
        continue;
      }
      Map<String, Object> requestBody = doc.resolve(body);
      assertThat(requestBody.get("required"))
          .as(op.id())
          .isEqualTo(!optionalBodies.contains(op.id()));
      assertThat(map(requestBody.get("content")).keySet()).containsExactly("application/json");
      Map<String, Object> schema = doc.resolve(schemaOf(requestBody, "application/json"));
      if (op.id().equals("reportLeaks")) {
        continue; // GitHub's format: fields it may add are ignored
      }
      assertThat(schema).as(op.id()).containsEntry("additionalProperties", false);
    }
  }

  @Test
  void requestSchemas_requireOnlyWhatTheServerRequires() {
    Map<String, List<String>> required =
        Map.ofEntries(
            Map.entry("CreateService", List.of("name")),
            Map.entry("UpdateService", List.of()),
            Map.entry("CreateConsumer", List.of("name")),
            Map.entry("UpdateConsumer", List.of()),
            Map.entry("CreateKey", List.of("service")),
            Map.entry("UpdateKey", List.of()),
            Map.entry("RotateKey", List.of()),
            Map.entry("RevokeKey", List.of()),
            Map.entry("VerifyKey", List.of("key")),
            Map.entry("CreateRootKey", List.of("name", "permissions")),
            Map.entry("CreateSink", List.of("name", "type")),
            Map.entry("UpdateSink", List.of()),
            // max_age or rotate_before_expiry: the server names the field missing
            Map.entry("SetRotationPolicy", List.of()),
            Map.entry("StartRotation", List.of()));
    required.forEach(
        (name, fields) ->
            assertThat(list(doc.schema(name).getOrDefault("required", List.of())))
                .as(name)
                .containsExactlyInAnyOrderElementsOf(fields));
  }

  @Test
  void requiredProperties_areDeclaredProperties() {
    doc.schemas()
        .forEach(
            (name, schema) -> {
              Map<String, Object> s = map(schema);
              if (s.containsKey("required")) {
                assertThat(map(s.get("properties")).keySet())
                    .as(name)
                    .containsAll(list(s.get("required")).stream().map(String::valueOf).toList());
              }
            });
  }

  @Test
  void permissions_areTheManagementPermissions() {
    assertThat(list(doc.schema("Permission").get("enum")))
        .containsExactly(
            "*",
            "services.read",
            "services.write",
            "consumers.read",
            "consumers.write",
            "keys.read",
            "keys.create",
            "keys.update",
            "keys.rotate",
            "keys.revoke",
            "keys.verify",
            "root_keys.read",
            "root_keys.write",
            "roles.read",
            "roles.write",
            "audit.read",
            "events.read",
            "ratelimits.check",
            "alerts.read",
            "alerts.write",
            "webhooks.read",
            "webhooks.write",
            "usage.read",
            "sinks.read",
            "sinks.write");
  }

  @Test
  void bounds_areDocumented() {
    assertThat(doc.schema("Name")).containsEntry("minLength", 1).containsEntry("maxLength", 128);
    assertThat(doc.schema("ExternalId")).containsEntry("maxLength", 256);
    assertThat(doc.schema("Reason")).containsEntry("maxLength", 512);
    assertThat(doc.schema("Meta")).containsEntry("x-max-json-bytes", 8192);
    assertThat(map(map(doc.schema("VerifyKey").get("properties")).get("key")))
        .containsEntry("maxLength", 55);
    assertThat(map(map(doc.schema("RotateKey").get("properties")).get("grace_period")))
        .containsEntry("default", "PT24H")
        .containsEntry("format", "duration");
  }

  private static Object schemaOf(Map<String, Object> bodyOrResponse, String mediaType) {
    Object content = bodyOrResponse.get("content");
    if (content == null || !map(content).containsKey(mediaType)) {
      return null;
    }
    return map(map(content).get(mediaType)).get("schema");
  }

  private static void collectRefs(Object node, List<String> refs) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            if ("$ref".equals(k)) {
              refs.add((String) v);
            } else {
              collectRefs(v, refs);
            }
          });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectRefs(v, refs));
    }
  }
}
