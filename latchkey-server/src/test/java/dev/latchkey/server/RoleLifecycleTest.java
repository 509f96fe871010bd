package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /v1/roles} over a real socket: the lifecycle, bad input, conflicts and the audit. */
class RoleLifecycleTest {
  static final String NO_ROLE = "role_AAAAAAAAAAAAAAAAAAAAAAAA";

  @TempDir Path dir;
  TestServer t;
  String roleId;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    roleId =
        created(
                t.post(
                    "/v1/roles",
                    "{\"name\":\"order-reader\",\"description\":\"Reads orders.\\n\\tNothing"
                        + " else.\",\"permissions\":[\"orders:read\",\"orders.items:*\"]}"))
            .get("id")
            .asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private static JsonNode created(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private TestServer.Response patch(String id, String body) {
    return t.call("PATCH", "/v1/roles/" + id, body);
  }

  @Test
  void createdRole_isListedAndShown_asCreated() {
    JsonNode role = t.get("/v1/roles/" + roleId).json();
    assertThat(role.get("id").asText()).startsWith("role_").hasSize(5 + 24);
    assertThat(role.get("name").asText()).isEqualTo("order-reader");
    assertThat(role.get("description").asText()).isEqualTo("Reads orders.\n\tNothing else.");
    assertThat(role.get("permissions"))
        .extracting(JsonNode::asText)
        .containsExactly("orders:read", "orders.items:*");
    assertThat(role.has("condition")).isFalse();
    assertThat(role.get("created_at")).isEqualTo(role.get("updated_at"));

    JsonNode page = t.get("/v1/roles").json();
    assertThat(page.get("items")).hasSize(1);
    assertThat(page.get("items").get(0)).isEqualTo(role);
  }

  @Test
  void emptyRole_isAllowed_andGrantsNothing() {
    JsonNode empty = created(t.post("/v1/roles", "{\"name\":\"to be filled\",\"permissions\":[]}"));
    assertThat(empty.get("permissions")).isEmpty();
  }

  @Test
  void list_isPagedNewestFirst() {
    for (int i = 0; i < 4; i++) {
      created(t.post("/v1/roles", "{\"name\":\"r" + i + "\",\"permissions\":[\"a:b\"]}"));
    }
    JsonNode first = t.get("/v1/roles?page_size=3").json();
    assertThat(first.get("items"))
        .extracting(r -> r.get("name").asText())
        .containsExactly("r3", "r2", "r1");
    String token = first.get("next_page_token").asText();
    JsonNode second = t.get("/v1/roles?page_size=3&page_token=" + token).json();
    assertThat(second.get("items"))
        .extracting(r -> r.get("name").asText())
        .containsExactly("r0", "order-reader");
    assertThat(second.has("next_page_token")).isFalse();
  }

  @Test
  void patch_changesWhatItNames_andNullRemovesDescription() {
    t.clock.advance(java.time.Duration.ofSeconds(1));
    JsonNode renamed = patch(roleId, "{\"name\":\"orders-ro\"}").json();
    assertThat(renamed.get("name").asText()).isEqualTo("orders-ro");
    assertThat(renamed.get("permissions")).hasSize(2);
    assertThat(renamed.get("description").asText()).startsWith("Reads orders.");
    assertThat(renamed.get("updated_at")).isNotEqualTo(renamed.get("created_at"));

    JsonNode replaced =
        patch(roleId, "{\"permissions\":[\"orders:*\"],\"description\":null}").json();
    assertThat(replaced.get("permissions"))
        .extracting(JsonNode::asText)
        .containsExactly("orders:*");
    assertThat(replaced.has("description")).isFalse();
    assertThat(replaced.get("name").asText()).isEqualTo("orders-ro");
    assertThat(t.get("/v1/roles/" + roleId).json()).isEqualTo(replaced);
  }

  @Test
  void everyMutation_isAudited_withTheFieldsItChanged() {
    patch(roleId, "{\"permissions\":[\"orders:read\"],\"description\":null}");
    List<JsonNode> events = roleEvents();
    assertThat(events)
        .extracting(e -> e.get("action").asText())
        .containsExactly("role.updated", "role.created");
    JsonNode updated = events.getFirst();
    assertThat(updated.get("actor").get("type").asText()).isEqualTo("root_key");
    assertThat(updated.get("details").get("fields"))
        .extracting(JsonNode::asText)
        .containsExactly("description", "permissions");
    assertThat(updated.get("details").get("permissions"))
        .extracting(JsonNode::asText)
        .containsExactly("orders:read");
    assertThat(events.getLast().get("details").get("name").asText()).isEqualTo("order-reader");
  }

  private List<JsonNode> roleEvents() {
    return t.get("/v1/audit-events?page_size=100")
        .json()
        .get("items")
        .valueStream()
        .filter(e -> e.get("target").get("id").asText().equals(roleId))
        .toList();
  }

  static Stream<Arguments> badBodies() {
    String tooMany =
        IntStream.rangeClosed(0, 64)
            .mapToObj(i -> "\"r" + i + ":read\"")
            .collect(Collectors.joining(","));
    return Stream.of(
        Arguments.of("POST", "{\"permissions\":[]}", "name"),
        Arguments.of("POST", "{\"name\":\"r\"}", "permissions"),
        Arguments.of(
            "POST", "{\"name\":\"r\",\"permissions\":[\"Orders:Read\"]}", "permissions[0]"),
        Arguments.of(
            "POST", "{\"name\":\"r\",\"permissions\":[\"a:b\",\"orders\"]}", "permissions[1]"),
        Arguments.of(
            "POST", "{\"name\":\"r\",\"permissions\":[\"a:b\",\"c:d\",\"a:b\"]}", "permissions[2]"),
        Arguments.of("POST", "{\"name\":\"r\",\"permissions\":[" + tooMany + "]}", "permissions"),
        Arguments.of("POST", "{\"name\":\"r\",\"permissions\":[null]}", "permissions[0]"),
        Arguments.of("POST", "{\"name\":\"r\",\"permissions\":[1]}", "permissions[0]"),
        Arguments.of("POST", "{\"name\":\"" + NO_ROLE + "\",\"permissions\":[]}", "name"),
        Arguments.of("POST", "{\"name\":\" \",\"permissions\":[]}", "name"),
        Arguments.of(
            "POST",
            "{\"name\":\"r\",\"permissions\":[],\"description\":\"a\\u0007b\"}",
            "description"),
        Arguments.of(
            "POST",
            "{\"name\":\"r\",\"permissions\":[],\"description\":\"" + "d".repeat(1025) + "\"}",
            "description"),
        Arguments.of("POST", "{\"name\":\"r\",\"permissions\":[],\"condition\":\"\"}", "condition"),
        Arguments.of(
            "POST",
            "{\"name\":\"r\",\"permissions\":[],\"condition\":\"request.method ==\"}",
            "condition"),
        Arguments.of(
            "POST",
            "{\"name\":\"r\",\"permissions\":[],\"condition\":\"request.method == 1\"}",
            "condition"),
        Arguments.of(
            "POST",
            "{\"name\":\"r\",\"permissions\":[],\"condition\":\"request.method\"}",
            "condition"),
        Arguments.of(
            "POST",
            "{\"name\":\"r\",\"permissions\":[],\"condition\":\""
                + "true && ".repeat(200)
                + "true\"}",
            "condition"),
        Arguments.of("PATCH", "{\"condition\":\"request.methd == 'GET'\"}", "condition"),
        Arguments.of("PATCH", "{\"permissions\":[\"*\",\"*\"]}", "permissions[1]"),
        Arguments.of("PATCH", "{\"permissions\":[" + tooMany + "]}", "permissions"),
        Arguments.of("PATCH", "{\"permissions\":null}", "permissions"),
        Arguments.of("PATCH", "{\"name\":null}", "name"),
        Arguments.of("PATCH", "{}", "body"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badBodies")
  void badBody_is400NamingTheField_andChangesNothing(String method, String body, String field) {
    String before = t.get("/v1/roles").body();
    TestServer.Response r = method.equals("POST") ? t.post("/v1/roles", body) : patch(roleId, body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("type").asText()).isEqualTo("urn:latchkey:problem:invalid-request");
    assertThat(r.json().get("errors").get(0).get("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(t.get("/v1/roles").body()).isEqualTo(before);
    assertThat(roleEvents()).hasSize(1);
  }

  @Test
  void condition_isCheckedWhenSaved_andAnErrorSaysWhere() {
    TestServer.Response r =
        t.post(
            "/v1/roles",
            "{\"name\":\"r\",\"permissions\":[],"
                + "\"condition\":\"request.method == 'GET' &&\\n  request.methd == 'POST'\"}");
    assertThat(r.status()).isEqualTo(400);
    JsonNode error = r.json().get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo("condition");
    assertThat(error.get("message").asText()).contains("methd").endsWith(" at 2:11 (position 37)");
  }

  @Test
  void condition_isKeptAsWritten_andNullRemovesIt() {
    String condition = "request.ip.in_cidr('10.0.0.0/8') && request.method == 'GET'";
    TestServer.Response created =
        t.post(
            "/v1/roles",
            "{\"name\":\"internal\",\"permissions\":[\"orders:read\"],\"condition\":\""
                + condition
                + "\"}");
    JsonNode role = created(created);
    assertThat(role.get("condition").asText()).isEqualTo(condition);
    String id = role.get("id").asText();

    assertThat(
            patch(id, "{\"condition\":\"now.getHours() < 18\"}").json().get("condition").asText())
        .isEqualTo("now.getHours() < 18");
    assertThat(patch(id, "{\"condition\":\"now.getHours() <\"}").status()).isEqualTo(400);
    assertThat(t.get("/v1/roles/" + id).json().get("condition").asText())
        .isEqualTo("now.getHours() < 18");
    JsonNode lifted = patch(id, "{\"condition\":null}").json();
    assertThat(lifted.has("condition")).isFalse();
    assertThat(lifted.get("permissions")).hasSize(1);
  }

  @Test
  void conditionsOfTheDocs_compile() {
    for (String condition :
        List.of(
            "now.between_times(\\\"08:00\\\", \\\"18:00\\\", \\\"Europe/Berlin\\\")",
            "request.ip.in_cidr('10.20.0.0/16')",
            "request.ip.in_cidr('10.0.0.0/8')")) {
      created(
          t.post(
              "/v1/roles",
              "{\"name\":\"%s\",\"permissions\":[],\"condition\":\"%s\"}"
                  .formatted(condition.hashCode(), condition)));
    }
  }

  @Test
  void badIds_are400_unknownIds404() {
    assertThat(t.get("/v1/roles/nope").status()).isEqualTo(400);
    assertThat(
            t.get("/v1/roles/svc_AAAAAAAAAAAAAAAAAAAAAAAA")
                .json()
                .get("errors")
                .get(0)
                .get("field")
                .asText())
        .isEqualTo("id");
    assertThat(patch("nope", "{\"name\":\"x\"}").status()).isEqualTo(400);
    assertThat(t.get("/v1/roles/" + NO_ROLE).status()).isEqualTo(404);
    assertThat(patch(NO_ROLE, "{\"name\":\"x\"}").status()).isEqualTo(404);
  }

  @Test
  void takenName_is409_onCreateAndOnRename() {
    TestServer.Response dup = t.post("/v1/roles", "{\"name\":\"order-reader\",\"permissions\":[]}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
    String other =
        created(t.post("/v1/roles", "{\"name\":\"other\",\"permissions\":[]}")).get("id").asText();
    assertThat(patch(other, "{\"name\":\"order-reader\"}").status()).isEqualTo(409);
    assertThat(t.get("/v1/roles/" + other).json().get("name").asText()).isEqualTo("other");
    assertThat(patch(roleId, "{\"name\":\"order-reader\"}").status())
        .as("keeping its own name is no conflict")
        .isEqualTo(200);
  }

  @Test
  void idempotentCreate_replaysTheFirstRole() {
    Map<String, String> h =
        Map.of("Authorization", "Bearer " + t.rootKey, "Idempotency-Key", "role-1");
    String body = "{\"name\":\"replayed\",\"permissions\":[\"a:b\"]}";
    TestServer.Response first = t.call("POST", "/v1/roles", body, h);
    TestServer.Response again = t.call("POST", "/v1/roles", body, h);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(t.get("/v1/roles").json().get("items")).hasSize(2);
  }
}
