package dev.latchkey.server.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.latchkey.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Talks to a live {@link TestServer} and holds every response to the document it serves: each
 * response is checked by {@link ResponseContract} as it arrives; violations and the documented
 * responses exercised ({@code POST /v1/keys 201}) are collected for the test to assert on.
 *
 * <p>The document is fetched from the server itself ({@code GET /openapi.yaml}), so the check is of
 * what a client would download. Not thread-safe.
 */
final class ContractClient {
  private final TestServer server;
  private final ResponseContract contract;
  private final ApiDocument document;
  private final List<String> violations = new ArrayList<>();
  private final Set<String> exercised = new TreeSet<>();
  private int responses;

  ContractClient(TestServer server) {
    this.server = server;
    TestServer.Response served = server.call("GET", "/openapi.yaml", null, Map.of());
    if (served.status() != 200) {
      throw new IllegalStateException("GET /openapi.yaml answered " + served.status());
    }
    this.document = ApiDocument.parse(served.body());
    this.contract = new ResponseContract(document);
    record("GET", "/openapi.yaml", served);
  }

  ApiDocument document() {
    return document;
  }

  /** Whether the document's schema at {@code pointer} accepts {@code value}. */
  boolean documentAccepts(String pointer, String value) {
    return contract.accepts(pointer, TextNode.valueOf(value));
  }

  /** Sends with the server's bootstrap root key (a JSON content type when there is a body). */
  TestServer.Response call(String method, String target, String body) {
    return call(method, target, body, Map.of("Authorization", "Bearer " + server.rootKey));
  }

  /** Sends exactly these headers (plus a JSON content type for a body, unless one is given). */
  TestServer.Response call(String method, String target, String body, Map<String, String> headers) {
    return record(method, target, server.call(method, target, body, headers));
  }

  /** Sends with another root key. */
  TestServer.Response as(String rootKey, String method, String target, String body) {
    return call(method, target, body, Map.of("Authorization", "Bearer " + rootKey));
  }

  /** Sends with the bootstrap root key and more headers. */
  TestServer.Response with(Map<String, String> headers, String method, String target, String body) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Authorization", "Bearer " + server.rootKey);
    return call(method, target, body, all);
  }

  TestServer.Response get(String target) {
    return call("GET", target, null);
  }

  TestServer.Response post(String target, String body) {
    return call("POST", target, body);
  }

  TestServer.Response patch(String target, String body) {
    return call("PATCH", target, body);
  }

  /** The JSON body of a call that must answer {@code status}. */
  JsonNode expect(int status, TestServer.Response r) {
    if (r.status() != status) {
      throw new AssertionError(
          "expected "
              + status
              + ", got "
              + r.status()
              + ": "
              + ResponseContract.redacted(r.body()));
    }
    return r.json();
  }

  private TestServer.Response record(String method, String target, TestServer.Response r) {
    ResponseContract.Verdict verdict = contract.check(method, target, r);
    violations.addAll(verdict.violations());
    if (r.status() >= 500) {
      violations.add(
          verdict.response()
              + " ("
              + method
              + " "
              + target
              + "): the document promises 4xx for bad input");
    }
    exercised.add(verdict.response());
    responses++;
    return r;
  }

  /** The raw bytes of the served document. */
  byte[] servedDocument() {
    return server
        .call("GET", "/openapi.yaml", null, Map.of())
        .body()
        .getBytes(StandardCharsets.UTF_8);
  }

  List<String> violations() {
    return violations;
  }

  /** Labels of the documented responses exercised so far, e.g. {@code POST /v1/keys 201}. */
  Set<String> exercised() {
    return exercised;
  }

  int responses() {
    return responses;
  }
}
