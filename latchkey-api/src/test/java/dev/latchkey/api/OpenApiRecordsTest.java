package dev.latchkey.api;

import static dev.latchkey.api.OpenApiTree.list;
import static dev.latchkey.api.OpenApiTree.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The schemas of the document against the wire records of this package, both ways. */
class OpenApiRecordsTest {
  /** Each wire record and the schema that describes it. */
  static final Map<Class<?>, String> SCHEMAS =
      Map.ofEntries(
          Map.entry(AuditEvent.class, "AuditEvent"),
          Map.entry(Usage.class, "Usage"),
          Map.entry(LeakReport.class, "LeakReport"),
          Map.entry(LeakFindings.class, "LeakFindings"),
          Map.entry(LeakFindings.Finding.class, "LeakFinding"),
          Map.entry(ReportedToken.class, "ReportedToken"),
          Map.entry(TokenLabel.class, "TokenLabel"),
          Map.entry(Usage.Bucket.class, "UsageBucket"),
          Map.entry(Alert.class, "Alert"),
          Map.entry(Alert.Subject.class, "AlertSubject"),
          Map.entry(AlertRule.class, "AlertRule"),
          Map.entry(AlertRuleList.class, "AlertRuleList"),
          Map.entry(AcknowledgeAlert.class, "AcknowledgeAlert"),
          Map.entry(RetryDelivery.class, "RetryDelivery"),
          Map.entry(SetAlertRule.class, "SetAlertRule"),
          Map.entry(Webhook.class, "Webhook"),
          Map.entry(CreateWebhook.class, "CreateWebhook"),
          Map.entry(UpdateWebhook.class, "UpdateWebhook"),
          Map.entry(IssuedWebhook.class, "IssuedWebhook"),
          Map.entry(RotateWebhookSecret.class, "RotateWebhookSecret"),
          Map.entry(WebhookDelivery.class, "WebhookDelivery"),
          Map.entry(WebhookDelivery.Attempt.class, "WebhookAttempt"),
          Map.entry(ChangeEvent.class, "ChangeEvent"),
          Map.entry(AuditEvent.Actor.class, "AuditActor"),
          Map.entry(AuditEvent.Target.class, "AuditTarget"),
          Map.entry(AuditVerification.class, "AuditVerification"),
          Map.entry(AuditVerification.ChainHead.class, "AuditChainHead"),
          Map.entry(AuditVerification.ChainBreak.class, "AuditChainBreak"),
          Map.entry(Consumer.class, "Consumer"),
          Map.entry(CreateConsumer.class, "CreateConsumer"),
          Map.entry(CreateKey.class, "CreateKey"),
          Map.entry(CreateRootKey.class, "CreateRootKey"),
          Map.entry(CreateService.class, "CreateService"),
          Map.entry(IssuedKey.class, "IssuedKey"),
          Map.entry(IssuedRootKey.class, "IssuedRootKey"),
          Map.entry(Key.class, "Key"),
          Map.entry(Key.Rotation.class, "KeyRotation"),
          Map.entry(Problem.class, "Problem"),
          Map.entry(Problem.FieldError.class, "FieldError"),
          Map.entry(RevokeKey.class, "RevokeKey"),
          Map.entry(RootKey.class, "RootKey"),
          Map.entry(RotateKey.class, "RotateKey"),
          Map.entry(Service.class, "Service"),
          Map.entry(UpdateConsumer.class, "UpdateConsumer"),
          Map.entry(UpdateKey.class, "UpdateKey"),
          Map.entry(UpdateService.class, "UpdateService"),
          Map.entry(Verdict.class, "Verdict"),
          Map.entry(VerifyKey.class, "VerifyKey"),
          Map.entry(VerifyKey.Context.class, "VerifyContext"),
          Map.entry(VerifyKey.Request.class, "RequestAttributes"),
          Map.entry(Role.class, "Role"),
          Map.entry(CreateRole.class, "CreateRole"),
          Map.entry(UpdateRole.class, "UpdateRole"),
          Map.entry(AccessReport.class, "AccessReport"),
          Map.entry(AccessReport.GrantUse.class, "AccessReportGrant"),
          Map.entry(AccessReport.PermissionUse.class, "AccessReportPermissionUse"),
          Map.entry(AccessReport.ConditionUse.class, "AccessReportCondition"),
          Map.entry(AccessReport.Suggestion.class, "AccessReportSuggestion"),
          Map.entry(RateLimitState.class, "RateLimitState"),
          Map.entry(CheckRateLimit.class, "CheckRateLimit"),
          Map.entry(RateLimitResult.class, "RateLimitResult"),
          Map.entry(RateLimit.class, "RateLimit"),
          Map.entry(Credits.class, "Credits"),
          Map.entry(Credits.Refill.class, "CreditRefill"),
          Map.entry(CreditChange.class, "CreditChange"),
          Map.entry(Sink.class, "Sink"),
          Map.entry(CreateSink.class, "CreateSink"),
          Map.entry(UpdateSink.class, "UpdateSink"),
          Map.entry(RotationPolicy.class, "RotationPolicy"),
          Map.entry(SetRotationPolicy.class, "SetRotationPolicy"),
          // "KeyRotation" names Key.Rotation, the last rotation shown on a key.
          Map.entry(KeyRotation.class, "Rotation"),
          Map.entry(StartRotation.class, "StartRotation"),
          Map.entry(RedeemedLink.class, "RedeemedLink"));

  /** Each schema of a {@link Page} and the type of its items. */
  static final Map<String, Class<?>> PAGES =
      Map.ofEntries(
          Map.entry("AlertPage", Alert.class),
          Map.entry("WebhookPage", Webhook.class),
          Map.entry("WebhookDeliveryPage", WebhookDelivery.class),
          Map.entry("ServicePage", Service.class),
          Map.entry("ConsumerPage", Consumer.class),
          Map.entry("KeyPage", Key.class),
          Map.entry("RootKeyPage", RootKey.class),
          Map.entry("RolePage", Role.class),
          Map.entry("AuditEventPage", AuditEvent.class),
          Map.entry("SinkPage", Sink.class),
          Map.entry("RotationPage", KeyRotation.class));

  static final Map<Class<? extends Enum<?>>, String> ENUMS =
      Map.of(KeyState.class, "KeyState", VerifyCode.class, "VerifyCode");

  /** Object schemas that no record of this package describes. */
  static final Set<String> WITHOUT_RECORD =
      Set.of("Health", "Readiness", "Meta", "SinkSettings", "SinkCredentials");

  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();

  private final OpenApiTree doc = OpenApiTree.load();

  @Test
  void everyRecordAndEnumOfThePackage_hasItsSchema() throws Exception {
    Set<Class<?>> described = new HashSet<>(SCHEMAS.keySet());
    described.add(Page.class);
    described.addAll(ENUMS.keySet());
    assertThat(wireTypesOfThePackage()).containsExactlyInAnyOrderElementsOf(described);
  }

  @Test
  void everyObjectSchema_describesARecordOrAPage() {
    Set<String> expected = new HashSet<>(SCHEMAS.values());
    expected.addAll(PAGES.keySet());
    expected.addAll(WITHOUT_RECORD);
    Set<String> objects = new HashSet<>();
    doc.schemas()
        .forEach(
            (name, schema) -> {
              if ("object".equals(map(schema).get("type"))) {
                objects.add(name);
              }
            });
    assertThat(objects).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void schemaProperties_areTheRecordComponentsInSnakeCase() {
    SCHEMAS.forEach(
        (type, name) ->
            assertThat(properties(name).keySet())
                .as(name)
                .containsExactlyInAnyOrderElementsOf(snakeCaseComponents(type).keySet()));
  }

  @Test
  void schemaProperties_haveTheTypesOfTheRecordComponents() {
    SCHEMAS.forEach(
        (type, name) ->
            snakeCaseComponents(type)
                .forEach(
                    (property, component) ->
                        checkType(
                            name + "." + property,
                            properties(name).get(property),
                            component.getGenericType())));
  }

  @Test
  void primitiveComponents_areRequired_becauseTheyAreAlwaysWritten() {
    SCHEMAS.forEach(
        (type, name) ->
            snakeCaseComponents(type)
                .forEach(
                    (property, component) -> {
                      if (component.getType().isPrimitive()) {
                        assertThat(list(doc.schema(name).get("required")))
                            .as(name)
                            .contains(property);
                      }
                    }));
  }

  @Test
  void pageSchemas_areTheGenericPageForTheirItems() {
    Set<String> components = snakeCaseComponents(Page.class).keySet();
    PAGES.forEach(
        (name, itemType) -> {
          assertThat(properties(name).keySet())
              .as(name)
              .containsExactlyInAnyOrderElementsOf(components);
          Map<String, Object> items = map(properties(name).get("items"));
          assertThat(items).containsEntry("type", "array");
          assertThat(map(items.get("items")))
              .containsEntry("$ref", "#/components/schemas/" + SCHEMAS.get(itemType));
          assertThat(types(properties(name).get("next_page_token"))).containsExactly("string");
          assertThat(list(doc.schema(name).get("required"))).containsExactly("items");
        });
  }

  @Test
  void enumSchemas_listTheJavaConstants() {
    ENUMS.forEach(
        (type, name) ->
            assertThat(list(doc.schema(name).get("enum")))
                .as(name)
                .containsExactlyElementsOf(
                    Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
  }

  private void checkType(String where, Object property, Type type) {
    Class<?> raw = raw(type);
    if (raw == Optional.class) {
      Type inner = ((ParameterizedType) type).getActualTypeArguments()[0];
      assertThat(types(property)).as(where).contains("null");
      checkType(where, withoutNull(property), inner);
    } else if (raw.isEnum()) {
      assertThat(map(property)).as(where).containsEntry("$ref", ref(ENUMS.get(raw)));
    } else if (raw.isRecord()) {
      assertThat(map(property)).as(where).containsEntry("$ref", ref(SCHEMAS.get(raw)));
    } else if (raw == List.class) {
      assertThat(types(property)).as(where).containsExactly("array");
      Map<String, Object> array = doc.resolve(property);
      checkType(
          where + "[]", array.get("items"), ((ParameterizedType) type).getActualTypeArguments()[0]);
    } else {
      assertThat(types(property)).as(where).containsExactly(jsonType(raw));
      if (raw == Instant.class) {
        assertThat(format(property)).as(where).isEqualTo("date-time");
      }
    }
  }

  private static String jsonType(Class<?> raw) {
    if (raw == String.class || raw == Instant.class) {
      return "string";
    } else if (raw == boolean.class || raw == Boolean.class) {
      return "boolean";
    } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      return "integer";
    } else if (raw == Map.class) {
      return "object";
    }
    throw new AssertionError("no JSON type known for " + raw);
  }

  /** The JSON types a property schema admits, through references and {@code oneOf}. */
  private Set<String> types(Object property) {
    Map<String, Object> schema = map(property);
    Set<String> types = new HashSet<>();
    if (schema.get("type") instanceof String t) {
      types.add(t);
    } else if (schema.get("type") instanceof List<?> ts) {
      ts.forEach(t -> types.add((String) t));
    } else if (schema.get("$ref") instanceof String ref) {
      types.addAll(types(doc.at(ref)));
    } else if (schema.get("oneOf") instanceof List<?> branches) {
      branches.forEach(b -> types.addAll(types(b)));
    }
    return types;
  }

  private String format(Object property) {
    Map<String, Object> schema = map(property);
    if (schema.get("format") instanceof String f) {
      return f;
    }
    return schema.get("$ref") instanceof String ref ? format(doc.at(ref)) : null;
  }

  /** The schema a nullable property has for its non-null values. */
  private Object withoutNull(Object property) {
    Map<String, Object> schema = map(property);
    if (schema.get("oneOf") instanceof List<?> branches) {
      return branches.stream()
          .filter(b -> !"null".equals(map(b).get("type")))
          .findFirst()
          .orElseThrow();
    }
    Map<String, Object> copy = new LinkedHashMap<>(schema);
    copy.put(
        "type",
        list(schema.get("type")).stream().filter(t -> !"null".equals(t)).findFirst().orElseThrow());
    return copy;
  }

  private Map<String, Object> properties(String schema) {
    return map(doc.schema(schema).get("properties"));
  }

  private static Map<String, RecordComponent> snakeCaseComponents(Class<?> record) {
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      components.put(SNAKE.translate(c.getName()), c);
    }
    return components;
  }

  private static Class<?> raw(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
  }

  private static String ref(String schema) {
    return "#/components/schemas/" + schema;
  }

  /** Records and enums compiled into this package, nested ones included. */
  private static Set<Class<?>> wireTypesOfThePackage() throws IOException, URISyntaxException {
    Path classes =
        Path.of(OpenApi.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/latchkey/api");
    Set<Class<?>> types = new HashSet<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String simple = file.getFileName().toString().replace(".class", "");
        Class<?> c = loadOrNull("dev.latchkey.api." + simple);
        if (c != null
            && (c.isRecord() || c.isEnum())
            && !c.isAnonymousClass()
            && java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
          types.add(c);
        }
      }
    }
    return types;
  }

  private static Class<?> loadOrNull(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      return null; // a synthetic class file; not a wire type
    }
  }
}
