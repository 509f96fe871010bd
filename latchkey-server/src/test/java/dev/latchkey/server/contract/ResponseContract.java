package dev.latchkey.server.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.latchkey.server.TestServer;
import dev.latchkey.server.contract.ApiDocument.Located;
import dev.latchkey.server.contract.ApiDocument.Operation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks one live response against the document: the status is documented for the operation (or is
 * the server-wide 405 / unmatched-path 404), the media type is a documented one, required headers
 * are present and match their schemas, and the body matches its schema (JSON Schema 2020-12,
 * OpenAPI 3.1 dialect, formats asserted, objects closed: see {@link DocumentSchemas}), and a
 * problem body says what the document says of it in prose (its status, slug and request id). A
 * response to {@code HEAD} is held to the same status, headers and media type, and has no body (RFC
 * 9110, section 9.3.2).
 */
final class ResponseContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was checked: which documented response it was held to, and what did not match. */
  record Verdict(String response, List<String> violations) {}

  private final ApiDocument doc;
  private final DocumentSchemas schemas;
  private final Set<String> apiHeaders = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  ResponseContract(ApiDocument doc) {
    this.doc = doc;
    this.schemas = new DocumentSchemas(doc);
    doc.root().path("components").path("headers").fieldNames().forEachRemaining(apiHeaders::add);
  }

  /** Checks the response {@code r} to {@code method} on {@code target} (path and query). */
  Verdict check(String method, String target, TestServer.Response r) {
    // The server routes the decoded path (a %3A is a colon), and so does the check.
    String path = URI.create(target).getPath();
    List<String> violations = new ArrayList<>();
    Optional<Operation> op = doc.operation(method, path);
    if (op.isPresent()) {
      String label = op.get() + " " + r.status();
      Optional<Located> documented = doc.response(op.get(), r.status());
      if (documented.isEmpty()) {
        violations.add(label + ": status not documented for " + op.get().id());
        return new Verdict(label, violations);
      }
      return heldTo(documented.get(), label, method, target, r, violations);
    }
    String allow = String.join(", ", doc.methodsOf(path));
    if (!allow.isEmpty()) {
      expect(
          violations, r.status() == 405, "%s %s: expected 405, got %d", method, path, r.status());
      expect(
          violations,
          allow.equals(r.header("Allow")),
          "%s %s: Allow %s, documented %s",
          method,
          path,
          r.header("Allow"),
          allow);
      Located notAllowed = doc.component("responses", "MethodNotAllowed");
      return heldTo(notAllowed, "405 MethodNotAllowed", method, target, r, violations);
    }
    expect(violations, r.status() == 404, "%s %s: expected 404, got %d", method, path, r.status());
    Located notFound = doc.component("responses", "NotFound");
    return heldTo(notFound, "404 unmatched path", method, target, r, violations);
  }

  private Verdict heldTo(
      Located response,
      String label,
      String method,
      String target,
      TestServer.Response r,
      List<String> out) {
    String where = label + " (" + method + " " + target + ")";
    checkHeaders(response, r, where, out);
    if (method.equals("HEAD")) {
      expect(out, r.body().isEmpty(), "%s: a body in an answer to HEAD", where);
      JsonNode content = response.node().path("content");
      String mediaType = mediaType(r.header("Content-Type"));
      expect(
          out,
          content.isMissingNode() || content.has(mediaType),
          "%s: Content-Type %s not documented",
          where,
          r.header("Content-Type"));
    } else {
      checkBody(response, r, where, out);
    }
    return new Verdict(label, out);
  }

  private void checkHeaders(
      Located response, TestServer.Response r, String where, List<String> out) {
    JsonNode documented = response.node().path("headers");
    documented
        .properties()
        .forEach(
            h -> {
              Located header = doc.child(response, "headers", h.getKey());
              String value = r.header(h.getKey());
              if (value == null) {
                expect(
                    out,
                    !header.node().path("required").asBoolean(),
                    "%s: required header %s missing",
                    where,
                    h.getKey());
                return;
              }
              schemas
                  .validate(doc.child(header, "schema").pointer(), TextNode.valueOf(value))
                  .forEach(m -> out.add(where + ": header " + h.getKey() + ": " + m.getMessage()));
            });
    for (String name : apiHeaders) {
      expect(
          out,
          r.header(name) == null || documented.has(name),
          "%s: header %s sent but not documented for this response",
          where,
          name);
    }
  }

  private void checkBody(Located response, TestServer.Response r, String where, List<String> out) {
    JsonNode content = response.node().path("content");
    if (content.isMissingNode()) {
      expect(out, r.body().isEmpty(), "%s: a body where none is documented", where);
      return;
    }
    String mediaType = mediaType(r.header("Content-Type"));
    if (!content.has(mediaType)) {
      List<String> documented = new ArrayList<>();
      content.fieldNames().forEachRemaining(documented::add);
      out.add(where + ": Content-Type " + r.header("Content-Type") + ", documented " + documented);
      return;
    }
    Located schema = doc.child(response, "content", mediaType, "schema");
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      schemas
          .validate(schema.pointer(), TextNode.valueOf(r.body()))
          .forEach(m -> out.add(where + ": " + m.getMessage()));
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (JsonProcessingException e) {
      out.add(where + ": body is not JSON: " + e.getOriginalMessage());
      return;
    }
    schemas
        .validate(schema.pointer(), body)
        .forEach(m -> out.add(where + ": " + m + " in " + redacted(r.body())));
    if (mediaType.equals("application/problem+json")) {
      checkProblem(response, body, r, where, out);
    }
  }

  /** What the document says of a problem in prose: its status, its slug, its request id. */
  private static void checkProblem(
      Located response, JsonNode body, TestServer.Response r, String where, List<String> out) {
    expect(
        out,
        body.path("status").asInt() == r.status(),
        "%s: problem status %s",
        where,
        body.path("status"));
    expect(
        out,
        body.path("request_id").asText().equals(r.header("X-Request-Id")),
        "%s: problem request_id %s is not the X-Request-Id",
        where,
        body.path("request_id"));
    String slug = body.path("type").asText().replace("urn:latchkey:problem:", "");
    expect(
        out,
        response.node().path("description").asText().contains("`" + slug + "`"),
        "%s: problem type %s is not the one documented for this response",
        where,
        slug);
  }

  /** Whether {@code value} matches the schema at {@code pointer} (e.g. a parameter's). */
  boolean accepts(String pointer, JsonNode value) {
    return schemas.validate(pointer, value).isEmpty();
  }

  /** The body with every {@code "key"} value (a secret in an issued key) masked, for messages. */
  static String redacted(String body) {
    return body.replaceAll("\"key\"\\s*:\\s*\"[^\"]*\"", "\"key\":\"<redacted>\"");
  }

  private static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase();
  }

  private static void expect(List<String> out, boolean holds, String format, Object... args) {
    if (!holds) {
      out.add(String.format(format, args));
    }
  }
}
