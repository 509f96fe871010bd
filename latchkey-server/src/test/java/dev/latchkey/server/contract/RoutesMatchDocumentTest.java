package dev.latchkey.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.OpenApi;
import dev.latchkey.core.access.Permission;
import dev.latchkey.server.TestServer;
import dev.latchkey.server.contract.ApiDocument.Operation;
import dev.latchkey.server.http.Route;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running server's route table and the document it serves describe the same API. */
class RoutesMatchDocumentTest {
  @TempDir Path dir;
  TestServer t;
  ContractClient api;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    api = new ContractClient(t);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void servedDocument_isTheShippedDocument_asYaml() {
    TestServer.Response r = t.call("GET", "/openapi.yaml", null, Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith(OpenApi.MEDIA_TYPE);
    assertThat(api.servedDocument()).isEqualTo(OpenApi.bytes());
    assertThat(api.violations()).isEmpty();
  }

  @Test
  void everyRoute_isADocumentedOperation_andEveryOperationARoute() {
    assertThat(
            t.server().routes().stream()
                .map(r -> r.method() + " " + r.template())
                .collect(Collectors.toSet()))
        .hasSize(t.server().routes().size())
        .containsExactlyInAnyOrderElementsOf(
            api.document().operations().stream().map(Operation::toString).toList());
  }

  @Test
  void guardedRoutes_documentTheirPermission_inTheExtensionAndTheDescription() {
    Map<String, Route> routes =
        t.server().routes().stream()
            .collect(Collectors.toMap(r -> r.method() + " " + r.template(), Function.identity()));
    for (Operation op : api.document().operations()) {
      assertThat(routes).as("route of " + op).containsKey(op.toString());
      Optional<String> permission =
          routes.get(op.toString()).permission().map(Permission::wireName);
      assertThat(op.permission()).as(op.toString()).isEqualTo(permission);
      permission.ifPresent(
          p ->
              assertThat(op.node().path("description").asText())
                  .as(op.toString())
                  .contains("Permission: `" + p + "`"));
    }
  }

  @Test
  void guardedRoutes_needTheRootKeyScheme_openRoutesNoCredential() {
    for (Route route : t.server().routes()) {
      Operation op =
          api.document()
              .operation(route.method(), route.template())
              .orElseThrow(AssertionError::new);
      boolean open = op.node().has("security") && op.node().get("security").isEmpty();
      assertThat(open).as(op.toString()).isEqualTo(route.permission().isEmpty());
      assertThat(op.node().path("responses").has("401"))
          .as(op.toString())
          .isEqualTo(route.permission().isPresent() || route.signed());
      assertThat(op.node().path("responses").has("403"))
          .as(op.toString())
          .isEqualTo(route.permission().isPresent());
    }
  }
}
