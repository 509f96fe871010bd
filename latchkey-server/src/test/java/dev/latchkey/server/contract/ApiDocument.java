package dev.latchkey.server.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * An OpenAPI document as a JSON tree, with the look-ups a contract check needs: the operation a
 * request path matches (as the server's router matches it), and its documented responses with the
 * JSON pointer of each, so a validator can load their schemas from the document itself.
 */
final class ApiDocument {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");

  /** One operation: upper-case method, path template, operation object. */
  record Operation(String method, String template, JsonNode node, Pattern path) {
    String id() {
      return node.path("operationId").asText();
    }

    /** The {@code x-latchkey-permission} extension, if the operation has one. */
    Optional<String> permission() {
      return Optional.ofNullable(node.get("x-latchkey-permission")).map(JsonNode::asText);
    }

    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  /** A node of the document and the JSON pointer (a {@code #/...} fragment) that reaches it. */
  record Located(JsonNode node, String pointer) {}

  private final JsonNode root;
  private final List<Operation> operations = new ArrayList<>();

  private ApiDocument(JsonNode root) {
    this.root = root;
    root.path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          if (METHODS.contains(op.getKey())) {
                            operations.add(
                                new Operation(
                                    op.getKey().toUpperCase(),
                                    path.getKey(),
                                    op.getValue(),
                                    pathPattern(path.getKey())));
                          }
                        }));
  }

  static ApiDocument parse(String yaml) {
    Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    return new ApiDocument(new ObjectMapper().valueToTree(tree));
  }

  JsonNode root() {
    return root;
  }

  List<Operation> operations() {
    return operations;
  }

  /** The operation serving {@code method} on {@code path} (no query string), if documented. */
  Optional<Operation> operation(String method, String path) {
    return operations.stream()
        .filter(op -> op.method().equals(method) && op.path().matcher(path).matches())
        .findFirst();
  }

  /** The methods documented for the path item that {@code path} matches; empty if none. */
  Set<String> methodsOf(String path) {
    Set<String> methods = new TreeSet<>();
    operations.stream()
        .filter(op -> op.path().matcher(path).matches())
        .forEach(op -> methods.add(op.method()));
    return methods;
  }

  /** The documented response of {@code op} for {@code status}, resolved, if any. */
  Optional<Located> response(Operation op, int status) {
    String base = "#/paths/" + escape(op.template()) + "/" + op.method().toLowerCase();
    JsonNode responses = op.node().path("responses");
    for (String code : List.of(String.valueOf(status), (status / 100) + "XX", "default")) {
      if (responses.has(code)) {
        return Optional.of(resolve(responses.get(code), base + "/responses/" + code));
      }
    }
    return Optional.empty();
  }

  /** A component, e.g. {@code ("responses", "MethodNotAllowed")}, resolved. */
  Located component(String kind, String name) {
    String pointer = "#/components/" + kind + "/" + escape(name);
    JsonNode node = root.path("components").path(kind).path(name);
    if (node.isMissingNode()) {
      throw new IllegalArgumentException("the document has no " + pointer);
    }
    return resolve(node, pointer);
  }

  /** {@code node.at(field)}, located; a {@code $ref} there is followed. */
  Located child(Located parent, String... fields) {
    JsonNode node = parent.node();
    StringBuilder pointer = new StringBuilder(parent.pointer());
    for (String field : fields) {
      node = node.path(field);
      pointer.append('/').append(escape(field));
    }
    return resolve(node, pointer.toString());
  }

  /** Follows {@code $ref} until a node without one. */
  Located resolve(JsonNode node, String pointer) {
    while (node.has("$ref")) {
      pointer = node.get("$ref").asText();
      node = root.at(pointer.substring(1));
    }
    return new Located(node, pointer);
  }

  /** A JSON pointer token (RFC 6901), also fit for a URI fragment. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
  }

  /**
   * The path template as a regex; a parameter never holds a slash or a colon (as the router), but
   * the forward-auth suffix {@code {path}} is the rest of the client's path, slashes and all.
   */
  private static Pattern pathPattern(String template) {
    if (template.equals("/v1/forward-auth/{path}")) {
      return Pattern.compile(Pattern.quote("/v1/forward-auth/") + ".*");
    }
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAMETER.matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/:]+");
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString());
  }
}
