package dev.latchkey.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.OpenApi;
import dev.latchkey.server.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself, without a socket: it passes a good response and flags bad ones. */
class ResponseContractTest {
  private static final ResponseContract CONTRACT =
      new ResponseContract(ApiDocument.parse(OpenApi.yaml()));
  private static final String SERVICE =
      "\"id\":\"svc_3hT9kQ2mWx7Lp4Zb8Nc1Vd6R\",\"name\":\"payments\",\"prefix\":\"pay\","
          + "\"created_at\":\"2026-11-27T10:15:30.123Z\",\"updated_at\":\"2026-11-27T10:15:30.123Z\"";
  private static final String NOT_FOUND =
      "{\"type\":\"urn:latchkey:problem:not-found\",\"title\":\"Not found\",\"status\":404,"
          + "\"request_id\":\"req_1\"}";
  private static final String GET_SERVICE = "/v1/services/svc_3hT9kQ2mWx7Lp4Zb8Nc1Vd6R";

  @Test
  void documentedResponse_passes() {
    assertThat(check("GET", GET_SERVICE, response(200, "{" + SERVICE + "}"))).isEmpty();
    assertThat(check("GET", GET_SERVICE, problem(404, NOT_FOUND))).isEmpty();
  }

  @Test
  void missingRequiredField_orUndocumentedField_isFlagged() {
    assertThat(
            check(
                "GET",
                GET_SERVICE,
                response(200, "{" + SERVICE.replaceFirst("\"id\":\"[^\"]*\",", "") + "}")))
        .singleElement()
        .asString()
        .contains("id");
    assertThat(check("GET", GET_SERVICE, response(200, "{" + SERVICE + ",\"owner\":\"me\"}")))
        .singleElement()
        .asString()
        .contains("owner");
  }

  @Test
  void undocumentedStatus_isFlagged() {
    assertThat(check("GET", "/v1/services", problem(409, NOT_FOUND.replace("404", "409"))))
        .singleElement()
        .asString()
        .contains("not documented");
  }

  @Test
  void wrongMediaType_orMissingRequestId_isFlagged() {
    TestServer.Response text =
        new TestServer.Response(
            200,
            Map.of("Content-Type", List.of("text/plain"), "X-Request-Id", List.of("req_1")),
            "{" + SERVICE + "}");
    assertThat(check("GET", GET_SERVICE, text)).singleElement().asString().contains("text/plain");
    TestServer.Response anonymous =
        new TestServer.Response(
            200, Map.of("Content-Type", List.of("application/json")), "{" + SERVICE + "}");
    assertThat(check("GET", GET_SERVICE, anonymous))
        .singleElement()
        .asString()
        .contains("X-Request-Id");
  }

  @Test
  void problemOfAnotherType_orAnotherRequestId_isFlagged() {
    String conflict = NOT_FOUND.replace("not-found", "conflict");
    assertThat(check("GET", GET_SERVICE, problem(404, conflict))).hasSize(1);
    String elsewhere = NOT_FOUND.replace("req_1", "req_2");
    assertThat(check("GET", GET_SERVICE, problem(404, elsewhere))).hasSize(1);
  }

  @Test
  void wrongMethod_needs405_withTheDocumentedAllow() {
    String body = NOT_FOUND.replace("not-found", "method-not-allowed").replace("404", "405");
    TestServer.Response allowed = problem(405, body, "Allow", "GET, PATCH");
    assertThat(check("DELETE", GET_SERVICE, allowed)).isEmpty();
    TestServer.Response wrongAllow = problem(405, body, "Allow", "GET");
    assertThat(check("DELETE", GET_SERVICE, wrongAllow))
        .singleElement()
        .asString()
        .contains("Allow");
    assertThat(check("DELETE", GET_SERVICE, problem(404, NOT_FOUND))).isNotEmpty();
  }

  @Test
  void answerToHead_hasTheDocumentedHeaders_andNoBody() {
    String path = "/v1/forward-auth/api";
    TestServer.Response challenge =
        problem(401, "", "WWW-Authenticate", "Bearer realm=\"latchkey\"");
    assertThat(check("HEAD", path, challenge)).isEmpty();
    String body =
        "{\"type\":\"urn:latchkey:problem:access-denied\",\"title\":\"Unauthorized\","
            + "\"status\":401,\"request_id\":\"req_1\"}";
    TestServer.Response withBody =
        problem(401, body, "WWW-Authenticate", "Bearer realm=\"latchkey\"");
    assertThat(check("HEAD", path, withBody)).singleElement().asString().contains("HEAD");
    assertThat(check("HEAD", path, problem(401, "", "WWW-Authenticate", "Basic")))
        .singleElement()
        .asString()
        .contains("WWW-Authenticate");
  }

  @Test
  void undocumentedApiHeader_isFlagged() {
    TestServer.Response replayed =
        response(200, "{" + SERVICE + "}", "Idempotent-Replayed", "true");
    assertThat(check("GET", GET_SERVICE, replayed))
        .singleElement()
        .asString()
        .contains("Idempotent-Replayed");
  }

  private static List<String> check(String method, String path, TestServer.Response r) {
    return CONTRACT.check(method, path, r).violations();
  }

  private static TestServer.Response response(int status, String body, String... more) {
    return withHeaders(status, "application/json", body, more);
  }

  private static TestServer.Response problem(int status, String body, String... more) {
    return withHeaders(status, "application/problem+json", body, more);
  }

  private static TestServer.Response withHeaders(
      int status, String type, String body, String... more) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Content-Type", List.of(type));
    headers.put("X-Request-Id", List.of("req_1"));
    for (int i = 0; i < more.length; i += 2) {
      headers.put(more[i], List.of(more[i + 1]));
    }
    return new TestServer.Response(status, headers, body);
  }
}
