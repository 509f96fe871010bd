package dev.latchkey.secrets.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The behaviour of Secrets Manager's GetSecretValue, PutSecretValue, CreateSecret and
 * DescribeSecret as documented: secrets found by name or ARN, versions named by the request's
 * ClientRequestToken, the AWSCURRENT label moved to each new version and the one before it labelled
 * AWSPREVIOUS, a repeated token with the same value answered with the existing version. Thread-safe
 * (synchronized).
 */
final class SecretsManagerState {
  /** One version of a secret. */
  record Version(String id, String secretString, Set<String> stages) {}

  /** An error as the JSON 1.1 protocol carries it. */
  static final class Failure extends Exception {
    final String type;

    Failure(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String region;
  private final Map<String, String> arns = new LinkedHashMap<>();
  private final Map<String, List<Version>> versions = new LinkedHashMap<>();

  SecretsManagerState(String region) {
    this.region = region;
  }

  synchronized ObjectNode handle(String operation, JsonNode request) throws Failure {
    return switch (operation) {
      case "GetSecretValue" -> get(request);
      case "PutSecretValue" -> put(name(request.path("SecretId").asText()), request);
      case "CreateSecret" -> create(request);
      case "DescribeSecret" -> describe(request);
      default -> throw new Failure("UnknownOperationException", "unknown operation");
    };
  }

  synchronized List<Version> versions(String name) {
    return List.copyOf(versions.getOrDefault(name, List.of()));
  }

  synchronized Optional<String> current(String name) {
    return versions(name).stream()
        .filter(v -> v.stages().contains("AWSCURRENT"))
        .map(Version::secretString)
        .findFirst();
  }

  private ObjectNode get(JsonNode request) throws Failure {
    String name = name(request.path("SecretId").asText());
    String wanted = request.path("VersionId").asText("");
    String stage = request.path("VersionStage").asText("AWSCURRENT");
    Version v =
        versions.get(name).stream()
            .filter(x -> wanted.isEmpty() ? x.stages().contains(stage) : x.id().equals(wanted))
            .findFirst()
            .orElseThrow(() -> notFound("Secrets Manager can't find the specified secret value."));
    ObjectNode out = identity(name).put("VersionId", v.id()).put("SecretString", v.secretString());
    v.stages().forEach(out.putArray("VersionStages")::add);
    return out.put("CreatedDate", System.currentTimeMillis() / 1000.0);
  }

  private ObjectNode put(String name, JsonNode request) throws Failure {
    String token = request.path("ClientRequestToken").asText(UUID.randomUUID().toString());
    String value = request.path("SecretString").asText();
    List<Version> list = versions.get(name);
    for (Version v : list) {
      if (v.id().equals(token)) {
        if (!v.secretString().equals(value)) {
          throw new Failure(
              "ResourceExistsException",
              "You can't modify an existing version, you can only create a new version.");
        }
        return versionAnswer(name, v);
      }
    }
    for (Version v : list) {
      v.stages().remove("AWSPREVIOUS");
      if (v.stages().remove("AWSCURRENT")) {
        v.stages().add("AWSPREVIOUS");
      }
    }
    Version added = new Version(token, value, new LinkedHashSet<>(Set.of("AWSCURRENT")));
    list.add(added);
    return versionAnswer(name, added);
  }

  private ObjectNode create(JsonNode request) throws Failure {
    String name = request.path("Name").asText();
    if (versions.containsKey(name)) {
      throw new Failure(
          "ResourceExistsException",
          "The operation failed because the secret " + name + " already exists.");
    }
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    arns.put(
        name, "arn:aws:secretsmanager:" + region + ":123456789012:secret:" + name + "-" + suffix);
    versions.put(name, new ArrayList<>());
    return put(name, request);
  }

  private ObjectNode describe(JsonNode request) throws Failure {
    String name = name(request.path("SecretId").asText());
    ObjectNode out = identity(name);
    ObjectNode stages = out.putObject("VersionIdsToStages");
    for (Version v : versions.get(name)) {
      v.stages().forEach(stages.putArray(v.id())::add);
    }
    return out;
  }

  private ObjectNode versionAnswer(String name, Version v) {
    ObjectNode out = identity(name).put("VersionId", v.id());
    v.stages().forEach(out.putArray("VersionStages")::add);
    return out;
  }

  private ObjectNode identity(String name) {
    return JSON.createObjectNode().put("ARN", arns.get(name)).put("Name", name);
  }

  /** The name a SecretId (a name or an ARN) denotes. */
  private String name(String secretId) throws Failure {
    for (var e : arns.entrySet()) {
      if (e.getKey().equals(secretId) || e.getValue().equals(secretId)) {
        return e.getKey();
      }
    }
    throw notFound("Secrets Manager can't find the specified secret.");
  }

  private static Failure notFound(String message) {
    return new Failure("ResourceNotFoundException", message);
  }
}
