package dev.latchkey.secrets.aws;

import dev.latchkey.core.sink.SinkConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code aws-sm} sink's configuration, read. Its {@code toString} names the secret and never a
 * credential.
 */
record AwsSinkSettings(
    String region,
    String secretId,
    Optional<String> field,
    Optional<String> endpoint,
    boolean create,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey) {

  static AwsSinkSettings of(SinkConfig config) {
    return new AwsSinkSettings(
        config.setting("region").orElseThrow(),
        config.setting("secret_id").orElseThrow(),
        config.setting("field"),
        config.setting("endpoint"),
        !config.setting("create").orElse("true").equalsIgnoreCase("false"),
        config.credential("access_key_id"),
        config.credential("secret_access_key"));
  }

  /** One message per bad field, without contacting AWS. */
  static Map<String, String> problems(SinkConfig config) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (config.setting("region").filter(r -> r.matches("[a-z0-9-]{1,64}")).isEmpty()) {
      problems.put("settings.region", "required: an AWS region such as eu-west-1");
    }
    if (config.setting("secret_id").filter(s -> s.length() <= 2048).isEmpty()) {
      problems.put("settings.secret_id", "required: the secret's name or ARN");
    }
    if (config.setting("field").filter(f -> f.length() > 256).isPresent()) {
      problems.put("settings.field", "at most 256 characters");
    }
    if (config.setting("endpoint").filter(e -> !isHttpUrl(e)).isPresent()) {
      problems.put("settings.endpoint", "an http or https URL");
    }
    if (config.setting("create").filter(c -> !c.matches("(?i)true|false")).isPresent()) {
      problems.put("settings.create", "true or false");
    }
    if (config.credential("access_key_id").isPresent()
        != config.credential("secret_access_key").isPresent()) {
      problems.put(
          "credentials.secret_access_key",
          "access_key_id and secret_access_key go together (or neither, for the default chain)");
    }
    return problems;
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "aws-sm:" + secretId + field.map(f -> "#" + f).orElse("") + " in " + region;
  }
}
