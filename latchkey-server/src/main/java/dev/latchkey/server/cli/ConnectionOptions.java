package dev.latchkey.server.cli;

import dev.latchkey.client.LatchkeyClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every networked command shares: where the server is, which root key to use, and
 * whether to print raw JSON. The root key is read from a file or the environment, never from the
 * command line, where it would land in shell history and the process list.
 */
final class ConnectionOptions {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";
  static final String URL_ENV = "LATCHKEY_URL";
  static final String ROOT_KEY_ENV = "LATCHKEY_ROOT_KEY";

  private final Map<String, String> env;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Server URL. Default: $LATCHKEY_URL if set, else " + DEFAULT_URL)
  private String url;

  @Option(
      names = "--root-key-file",
      paramLabel = "PATH",
      description = "File holding the root key (default: the key in $LATCHKEY_ROOT_KEY).")
  private Path rootKeyFile;

  @Option(names = "--json", description = "Print the JSON response as is, for scripts.")
  private boolean json;

  ConnectionOptions() {
    this(System.getenv());
  }

  /** For tests: the environment to read instead of the process's. */
  ConnectionOptions(Map<String, String> env) {
    this.env = env;
  }

  boolean json() {
    return json;
  }

  /** A client for the chosen server and root key. */
  LatchkeyClient connect() {
    return LatchkeyClient.builder().baseUri(baseUri()).rootKey(rootKey()).build();
  }

  private URI baseUri() {
    String text = url != null ? url : env.getOrDefault(URL_ENV, DEFAULT_URL);
    try {
      URI uri = URI.create(text.strip());
      LatchkeyClient.builder().baseUri(uri);
      return uri;
    } catch (IllegalArgumentException e) {
      // Not echoed: a URL with user info would carry a password.
      throw new UsageException(
          "--url must be an absolute http(s) URL without user info, query or fragment");
    }
  }

  /** A variable of the environment this command reads (tests give their own). */
  java.util.Optional<String> environment(String name) {
    return java.util.Optional.ofNullable(env.get(name));
  }

  private String rootKey() {
    String key;
    if (rootKeyFile != null) {
      key = firstLine(rootKeyFile);
    } else if (env.get(ROOT_KEY_ENV) != null) {
      key = env.get(ROOT_KEY_ENV).strip();
    } else {
      throw new UsageException("no root key: pass --root-key-file PATH or set " + ROOT_KEY_ENV);
    }
    if (key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      // Do not echo it: a root key with a typo is still mostly a root key.
      throw new UsageException(
          "the root key "
              + (rootKeyFile != null ? "in " + rootKeyFile : "in " + ROOT_KEY_ENV)
              + " is empty or has spaces or non-ASCII characters");
    }
    return key;
  }

  private static String firstLine(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .findFirst()
          .orElse("");
    } catch (IOException e) {
      throw new UsageException(
          "cannot read the root key file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
