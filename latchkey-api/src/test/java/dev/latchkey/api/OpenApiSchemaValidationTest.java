package dev.latchkey.api;

import static dev.latchkey.api.OpenApiTree.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the document with a JSON Schema validator (networknt json-schema-validator): every schema
 * is valid JSON Schema 2020-12, the examples match their schemas, and JSON written by the wire
 * configuration ({@link Json}) from the records matches the schemas that describe them.
 */
class OpenApiSchemaValidationTest {
  private static final ObjectMapper JSON = Json.mapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          VersionFlag.V202012,
          b ->
              b.metaSchema(OpenApi31.getInstance())
                  .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private static final String SVC = "svc_3hT9kQ2mWx7Lp4Zb8Nc1Vd6R";
  private static final String CON = "con_7Fq2Lm9Xc4Tz1Wb8Rk3Pn6Hd";
  private static final String KEY = "key_9Zx4Bn7Qw2Er5Ty8Ui1Op3As";
  private static final String RK = "rk_5Gh8Jk2Lm6Nb9Vc3Xz7Qw1Er";
  private static final String ROLE = "role_2Wd6Fg9Hj3Kl7Zx1Cv5Bn8Mq";
  private static final Instant T = Instant.parse("2026-11-27T10:15:30.123Z");

  /** Shaped like a secret, but its checksum is wrong: not a key anywhere. */
  private static final String PLACEHOLDER_SECRET = "pay_" + "X".repeat(32) + "EXAMPL";

  private final OpenApiTree doc = OpenApiTree.load();

  @Test
  void everySchema_isValidJsonSchema202012() {
    JsonSchema meta =
        JsonSchemaFactory.getInstance(VersionFlag.V202012)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    List<Object> schemas = new ArrayList<>(doc.schemas().values());
    collectSchemaObjects(doc.root.get("paths"), schemas);
    collectSchemaObjects(map(doc.root.get("components")).get("parameters"), schemas);
    collectSchemaObjects(map(doc.root.get("components")).get("headers"), schemas);
    assertThat(schemas).hasSizeGreaterThan(80);
    for (Object schema : schemas) {
      assertThat(meta.validate(JSON.valueToTree(schema))).as(String.valueOf(schema)).isEmpty();
    }
  }

  @Test
  void metaSchemaCheck_catchesABrokenSchema() {
    JsonSchema meta =
        JsonSchemaFactory.getInstance(VersionFlag.V202012)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    assertThat(meta.validate(JSON.valueToTree(Map.of("type", "strin", "minLength", -1))))
        .isNotEmpty();
  }

  @Test
  void everyExample_matchesItsSchema() {
    List<Map<String, Object>> mediaTypes = new ArrayList<>();
    collectMediaTypes(doc.root, mediaTypes);
    List<Map<String, Object>> withExamples =
        mediaTypes.stream()
            .filter(m -> m.containsKey("example") && m.containsKey("schema"))
            .toList();
    assertThat(withExamples).hasSizeGreaterThan(15);
    for (Map<String, Object> media : withExamples) {
      String ref = (String) map(media.get("schema")).get("$ref");
      assertValid(ref, JSON.valueToTree(media.get("example")));
    }
    doc.schemas()
        .forEach(
            (name, schema) -> {
              if (map(schema).get("examples") instanceof List<?> examples) {
                examples.forEach(
                    e -> assertValid("#/components/schemas/" + name, JSON.valueToTree(e)));
              }
            });
  }

  @Test
  void requestExamples_areReadByTheWireConfiguration() throws Exception {
    Map<String, Class<?>> records =
        Map.ofEntries(
            Map.entry("CreateService", CreateService.class),
            Map.entry("UpdateService", UpdateService.class),
            Map.entry("CreateConsumer", CreateConsumer.class),
            Map.entry("UpdateConsumer", UpdateConsumer.class),
            Map.entry("CreateKey", CreateKey.class),
            Map.entry("UpdateKey", UpdateKey.class),
            Map.entry("RotateKey", RotateKey.class),
            Map.entry("RevokeKey", RevokeKey.class),
            Map.entry("CreateRootKey", CreateRootKey.class),
            Map.entry("CreateRole", CreateRole.class),
            Map.entry("UpdateRole", UpdateRole.class),
            Map.entry("CreditChange", CreditChange.class),
            Map.entry("SetAlertRule", SetAlertRule.class),
            Map.entry("CreateWebhook", CreateWebhook.class),
            Map.entry("UpdateWebhook", UpdateWebhook.class),
            Map.entry("CreateSink", CreateSink.class),
            Map.entry("UpdateSink", UpdateSink.class),
            Map.entry("SetRotationPolicy", SetRotationPolicy.class),
            Map.entry("StartRotation", StartRotation.class));
    Set<Class<?>> read = new HashSet<>();
    for (OpenApiTree.Operation op : doc.operations()) {
      if (op.node().get("requestBody") instanceof Map<?, ?> body) {
        Map<String, Object> json = map(map(map(body).get("content")).get("application/json"));
        if (json.containsKey("example")) {
          String ref = (String) map(json.get("schema")).get("$ref");
          Class<?> type = records.get(ref.substring(ref.lastIndexOf('/') + 1));
          assertThat(JSON.treeToValue(JSON.valueToTree(json.get("example")), type)).isNotNull();
          read.add(type);
        }
      }
    }
    assertThat(read).containsExactlyInAnyOrderElementsOf(records.values());
  }

  @Test
  void fullResponses_matchTheirSchemas() {
    Key.Rotation rotation = new Key.Rotation(T, "pay_m2Xa", T.plusSeconds(86_400), T);
    Key key =
        new Key(
            KEY,
            SVC,
            CON,
            "orders",
            "pay_Q7rT",
            Map.of("tier", "gold", "n", 3),
            false,
            KeyState.REVOKED,
            T,
            T,
            T,
            T,
            "leaked",
            rotation,
            List.of(),
            List.of(),
            null,
            List.of(RateLimit.of("requests", 100, "PT1S"), RateLimit.of("bulk", 10, "P1D")),
            new Credits(0L, Credits.Refill.every(1000, "PT1H")),
            T,
            "203.0.113.7");
    RootKey root =
        new RootKey(
            RK, "ci", "lk_root_Hs2k", List.of("*", "keys.read"), T, T, T, "left", null, List.of());
    assertValid("Service", new Service(SVC, "payments", "pay", T, T));
    assertValid(
        "Consumer",
        new Consumer(
            CON,
            "orders",
            "ext-1",
            Map.of("a", List.of(1)),
            T,
            T,
            List.of(RateLimit.of("requests", 1_000_000_000, "PT24H")),
            new Credits(1_000_000_000_000_000L, Credits.Refill.monthly(5, 31))));
    assertValid("Key", key);
    assertValid("IssuedKey", new IssuedKey(PLACEHOLDER_SECRET, key));
    assertValid("RootKey", root);
    assertValid("IssuedRootKey", new IssuedRootKey("lk_root_" + "X".repeat(32) + "EXAMPL", root));
    assertValid(
        "Verdict",
        new Verdict(
            true,
            VerifyCode.VALID,
            KEY,
            SVC,
            CON,
            "orders",
            Map.of(),
            T,
            true,
            T,
            null,
            new RateLimitState("requests", 100, 99, T),
            5L,
            true,
            42L));
    assertValid("KeyPage", new Page<>(List.of(key), "next"));
    Role role =
        new Role(
            ROLE,
            "order-reader",
            "Reads orders.\n\tOnly orders.",
            List.of("orders:read", "orders:*", "*"),
            "request.method == 'GET'",
            T,
            T);
    assertValid("Role", role);
    assertValid("RolePage", new Page<>(List.of(role), "next"));
    assertValid(
        "AuditEventPage",
        new Page<>(
            List.of(
                new AuditEvent(
                    "evt_2Df5Gh8Jk1Lz4Xc7Vb0Nm3Qw",
                    T,
                    new AuditEvent.Actor("root_key", RK),
                    "key.revoked",
                    new AuditEvent.Target("key", KEY),
                    "req-1",
                    "127.0.0.1",
                    Map.of("reason", "leaked"))),
            null));
    Sink sink =
        new Sink(
            "snk_4Rt7Yu1Io9Pa3Sd6Fg2Hj5Kl",
            "payments-vault",
            "vault",
            Map.of("address", "https://vault.internal:8200"),
            List.of("token"),
            T,
            T);
    assertValid("Sink", sink);
    assertValid("SinkPage", new Page<>(List.of(sink), "next"));
    assertValid(
        "RotationPolicy",
        new RotationPolicy("service", SVC, "PT2160H", "P7D", "PT24H", sink.id(), T));
    assertValid(
        "RotationPage",
        new Page<>(
            List.of(
                new KeyRotation(
                    "rot_8Qw3Er6Ty9Ui2Op5As1Df4Gh",
                    KEY,
                    "schedule",
                    "pending",
                    sink.id(),
                    "PT24H",
                    2,
                    T,
                    "the vault answered 503",
                    null,
                    T,
                    null)),
            null));
    assertValid(
        "Problem",
        new Problem(
            "urn:latchkey:problem:invalid-request",
            "Invalid request",
            400,
            "2 fields",
            "req-1",
            List.of(new Problem.FieldError("name", "is required"))));
  }

  @Test
  void sparseResponses_matchTheirSchemas_becauseAbsentMeansNull() {
    assertValid(
        "Key",
        new Key(
            KEY,
            SVC,
            null,
            null,
            "pay_Q7rT",
            null,
            true,
            KeyState.ACTIVE,
            null,
            T,
            T,
            null,
            null,
            new Key.Rotation(T, "pay_m2Xa", T, null),
            List.of(),
            List.of(),
            null,
            List.of(),
            null,
            null,
            null));
    assertValid(
        "RootKey",
        new RootKey(RK, "ci", "lk_root_Hs2k", List.of("*"), null, T, null, null, null, List.of()));
    assertValid("Consumer", new Consumer(CON, "orders", null, Map.of(), T, T, List.of(), null));
    assertValid("Credits", new Credits(5L, null));
    assertValid("Verdict", Verdict.denied(VerifyCode.MALFORMED));
    assertValid("ServicePage", new Page<Service>(List.of(), null));
    assertValid(
        "Usage",
        new Usage(
            KEY,
            null,
            "hour",
            T,
            T.plusSeconds(7200),
            3,
            List.of(
                new Usage.Bucket(T, 3, Map.of("VALID", 2L, "RATE_LIMITED", 1L)),
                new Usage.Bucket(T.plusSeconds(3600), 0, Map.of()))));
    assertValid("Role", new Role(ROLE, "empty", null, List.of(), null, T, T));
    assertValid(
        "Problem",
        new Problem("urn:latchkey:problem:not-found", "Not found", 404, null, null, null));
  }

  @Test
  void requestsWrittenFromRecords_matchTheirSchemas() {
    assertValid("CreateService", new CreateService("payments", "pay"));
    assertValid("UpdateService", new UpdateService(null, "pay2"));
    assertValid(
        "CreateConsumer",
        new CreateConsumer(
            "orders",
            "ext",
            Map.of("k", "v"),
            List.of(RateLimit.of("requests", 10, "PT1M")),
            Credits.of(100)));
    assertValid("UpdateConsumer", UpdateConsumer.of("orders", Optional.empty(), null));
    assertValid(
        "UpdateConsumer",
        new UpdateConsumer(null, null, null, List.of(), Optional.of(new Credits(null, null))));
    assertValid("UpdateConsumer", new UpdateConsumer(null, null, null, null, Optional.empty()));
    assertValid(
        "CreateKey",
        new CreateKey(
            SVC,
            CON,
            "k",
            Map.of(),
            T,
            false,
            null,
            null,
            null,
            List.of(RateLimit.of("a.b_c-d", 1, "PT30S")),
            new Credits(0L, Credits.Refill.every(1, "PT1M"))));
    assertValid(
        "UpdateKey",
        new UpdateKey(null, null, Optional.empty(), true, null, null, null, null, null));
    assertValid("UpdateKey", UpdateKey.of(null, null, Optional.of(T), null));
    assertValid(
        "UpdateKey",
        new UpdateKey(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            Optional.of(new Credits(null, Credits.Refill.monthly(10, 1)))));
    assertValid("CreditChange", CreditChange.set(0));
    assertValid("CreditChange", CreditChange.add(-1_000_000_000_000_000L));
    assertValid("RotateKey", new RotateKey("P30D"));
    assertValid("RotateKey", new RotateKey(null));
    assertValid("RevokeKey", new RevokeKey("leaked"));
    assertValid("VerifyKey", VerifyKey.of(PLACEHOLDER_SECRET, "payments", null, null));
    assertValid("CreateRootKey", new CreateRootKey("ci", List.of("keys.read", "*"), T, null, null));
    assertValid("CreateRole", new CreateRole("r", "d", List.of("orders:read"), "true"));
    assertValid("CreateRole", new CreateRole("r", null, List.of(), null));
    assertValid(
        "UpdateRole", new UpdateRole(null, Optional.empty(), List.of("*"), Optional.empty()));
    assertValid("UpdateRole", new UpdateRole("r", Optional.of("d"), null, Optional.of("true")));
  }

  @Test
  void schemas_rejectWhatTheServerRejects() {
    assertInvalid("Service", ((ObjectNode) tree(new Service(SVC, "p", "pay", T, T))).without("id"));
    assertInvalid(
        "Usage",
        tree(
            new Usage(
                KEY,
                null,
                "hour",
                T,
                T,
                1,
                List.of(new Usage.Bucket(T, 1, Map.of("NOT_A_CODE", 1L))))));
    assertInvalid(
        "CreateService", ((ObjectNode) tree(new CreateService("p", null))).put("extra", 1));
    assertInvalid("CreateService", tree(new CreateService("n".repeat(129), null)));
    assertInvalid("CreateService", tree(new CreateService("tab\there", null)));
    assertInvalid("CreateService", tree(new CreateService("p", "Pay")));
    assertInvalid(
        "CreateConsumer", tree(new CreateConsumer("c", "e".repeat(257), null, null, null)));
    assertInvalid("CreateKey", tree(CreateKey.of(CON)));
    assertInvalid(
        "CreateKey", ((ObjectNode) tree(CreateKey.of(SVC))).put("expires_at", "tomorrow"));
    assertInvalid("RateLimit", tree(RateLimit.of("Requests", 1, "PT1S")));
    assertInvalid("RateLimit", tree(RateLimit.of("r", 0, "PT1S")));
    assertInvalid("RateLimit", tree(RateLimit.of("r", 1_000_000_001, "PT1S")));
    assertInvalid("RateLimit", tree(RateLimit.of("r", 1, "1s")));
    assertInvalid("RateLimit", tree(new RateLimit("r", 1L, null)));
    assertInvalid(
        "RateLimits", tree(java.util.Collections.nCopies(17, RateLimit.of("r", 1, "PT1S"))));
    assertInvalid("Credits", tree(Credits.of(-1)));
    assertInvalid("Credits", tree(Credits.of(1_000_000_000_000_001L)));
    assertInvalid("CreditRefill", tree(new Credits.Refill(5L, "P1D", 1)));
    assertInvalid("CreditRefill", tree(new Credits.Refill(5L, null, null)));
    assertInvalid("CreditRefill", tree(new Credits.Refill(0L, "P1D", null)));
    assertInvalid("CreditRefill", tree(Credits.Refill.monthly(5, 32)));
    assertInvalid("CreditChange", tree(new CreditChange(1L, 1L)));
    assertInvalid("CreditChange", tree(new CreditChange(null, null)));
    assertInvalid("CreditChange", tree(CreditChange.set(-1)));
    assertInvalid("RevokeKey", tree(new RevokeKey("r".repeat(513))));
    assertInvalid("VerifyKey", tree(VerifyKey.of("k".repeat(56), null, null, null)));
    assertInvalid("CreateRootKey", tree(new CreateRootKey("ci", List.of(), null, null, null)));
    assertInvalid(
        "CreateRootKey", tree(new CreateRootKey("ci", List.of("keys.delete"), null, null, null)));
    assertInvalid("RotateKey", tree(new RotateKey("24 hours")));
    assertInvalid("CreateRole", tree(new CreateRole("r", null, null, null)));
    assertInvalid("CreateRole", tree(new CreateRole("r", null, List.of("Orders"), null)));
    assertInvalid("CreateRole", tree(new CreateRole("r", null, List.of("a:b", "a:b"), null)));
    assertInvalid("CreateRole", tree(new CreateRole("r", "bell\u0007", List.of(), null)));
    assertInvalid("CreateRole", tree(new CreateRole("r", null, List.of(), "")));
  }

  @Test
  void wireConfiguration_rejectsUnknownFields_likeTheRequestSchemas() {
    ObjectNode body = ((ObjectNode) tree(new RevokeKey("r"))).put("reasn", "typo");
    assertInvalid("RevokeKey", body);
    assertThatThrownBy(() -> JSON.treeToValue(body, RevokeKey.class)).hasMessageContaining("reasn");
  }

  private static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  @Test
  void accessReports_matchTheirSchema_fullAndSparse() {
    String role = "role_5Gh8Jk2Lm6Nb9Vc3Xz7Qw1Er";
    assertValid(
        "AccessReport",
        new AccessReport(
            KEY,
            30,
            T,
            T,
            true,
            List.of(
                new AccessReport.GrantUse(
                    "key",
                    null,
                    "orders:*",
                    false,
                    T,
                    List.of(new AccessReport.PermissionUse("orders:read", T))),
                new AccessReport.GrantUse(role, "reader", "invoices:read", true, null, List.of())),
            List.of(
                new AccessReport.ConditionUse("key", null, "request.method == 'GET'", true, T),
                new AccessReport.ConditionUse(role, "reader", "true", false, null)),
            new AccessReport.Suggestion(
                true,
                List.of("orders:read"),
                List.of(),
                List.of(role),
                List.of("orders:* was used only for orders:read"))));
    assertValid("AccessReport", new AccessReport(KEY, 1, T, T, false, List.of(), List.of(), null));
  }

  private static void assertValid(String schemaName, Object value) {
    assertValid("#/components/schemas/" + schemaName, tree(value));
  }

  private static void assertValid(String ref, JsonNode node) {
    assertThat(validate(ref, node)).as(ref + " " + node).isEmpty();
  }

  private static void assertInvalid(String schemaName, JsonNode node) {
    assertThat(validate("#/components/schemas/" + schemaName, node))
        .as(schemaName + " " + node)
        .isNotEmpty();
  }

  private static Set<ValidationMessage> validate(String ref, JsonNode node) {
    JsonSchema schema =
        FACTORY.getSchema(SchemaLocation.of("classpath:" + OpenApi.RESOURCE + ref), CONFIG);
    return schema.validate(node);
  }

  /** Every value of a {@code schema} field under {@code node}. */
  private static void collectSchemaObjects(Object node, List<Object> schemas) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            if ("schema".equals(k)) {
              schemas.add(v);
            } else {
              collectSchemaObjects(v, schemas);
            }
          });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectSchemaObjects(v, schemas));
    }
  }

  /** Every media type object (the values under {@code content}) below {@code node}. */
  private static void collectMediaTypes(Object node, List<Map<String, Object>> found) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            if ("content".equals(k) && v instanceof Map<?, ?> content) {
              content.values().forEach(media -> found.add(map(media)));
            }
            collectMediaTypes(v, found);
          });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectMediaTypes(v, found));
    }
  }
}
