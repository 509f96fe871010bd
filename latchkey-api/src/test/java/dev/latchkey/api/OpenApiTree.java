package dev.latchkey.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The OpenAPI document as plain maps and lists, with the few look-ups the tests need. */
final class OpenApiTree {
  static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** One operation: its method (upper case), path, and the operation and path item objects. */
  record Operation(
      String method, String path, Map<String, Object> node, Map<String, Object> pathItem) {
    String id() {
      return (String) node.get("operationId");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  final Map<String, Object> root;

  private OpenApiTree(Map<String, Object> root) {
    this.root = root;
  }

  static OpenApiTree load() {
    return new OpenApiTree(
        map(new Yaml(new SafeConstructor(new LoaderOptions())).load(OpenApi.yaml())));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node) {
    return (List<Object>) node;
  }

  /** The node at a local reference such as {@code #/components/schemas/Key}; null if none. */
  Object at(String ref) {
    if (!ref.startsWith("#/")) {
      throw new IllegalArgumentException("not a local reference: " + ref);
    }
    Object node = root;
    for (String token : ref.substring(2).split("/", -1)) {
      String name = token.replace("~1", "/").replace("~0", "~");
      if (!(node instanceof Map<?, ?> m) || !m.containsKey(name)) {
        return null;
      }
      node = m.get(name);
    }
    return node;
  }

  /** Follows {@code $ref} until an object without one. */
  Map<String, Object> resolve(Object node) {
    Map<String, Object> m = map(node);
    while (m.get("$ref") instanceof String ref) {
      m = map(at(ref));
    }
    return m;
  }

  Map<String, Object> schema(String name) {
    Object schema = at("#/components/schemas/" + name);
    if (schema == null) {
      throw new AssertionError("no schema " + name);
    }
    return map(schema);
  }

  Map<String, Object> schemas() {
    return map(map(root.get("components")).get("schemas"));
  }

  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    map(root.get("paths"))
        .forEach(
            (path, item) ->
                map(item)
                    .forEach(
                        (key, value) -> {
                          if (METHODS.contains(key)) {
                            operations.add(
                                new Operation(key.toUpperCase(), path, map(value), map(item)));
                          }
                        }));
    return operations;
  }

  /** The parameters of an operation, its path item's included, resolved. */
  List<Map<String, Object>> parameters(Operation op) {
    List<Map<String, Object>> params = new ArrayList<>();
    for (Object source : List.of(op.pathItem(), op.node())) {
      Object declared = map(source).get("parameters");
      if (declared != null) {
        list(declared).forEach(p -> params.add(resolve(p)));
      }
    }
    return params;
  }

  /** The responses of an operation by status code, resolved. */
  Map<String, Map<String, Object>> responses(Operation op) {
    Map<String, Map<String, Object>> responses = new java.util.TreeMap<>();
    map(op.node().get("responses")).forEach((code, r) -> responses.put(code, resolve(r)));
    return responses;
  }

  /** The security requirements in force for an operation. */
  List<Object> security(Operation op) {
    Object own = op.node().get("security");
    return list(own != null ? own : root.getOrDefault("security", List.of()));
  }
}
