package dev.latchkey.secrets.file;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sink type {@code file}: writes a key's secret to a file under one root directory (the server's
 * {@code --sink-file-root}). Settings:
 *
 * <ul>
 *   <li>{@code path} (required): relative to the root; absolute paths, {@code ..} segments and
 *       symbolic links that lead out of the root are refused;
 *   <li>{@code format}: {@code raw} (default; the secret and a line break), {@code env} ({@code
 *       NAME=secret} and a line break) or {@code json} ({@code {"key_id":…,"secret":…}});
 *   <li>{@code variable}: the name for {@code env}, default {@code LATCHKEY_API_KEY}.
 * </ul>
 *
 * <p>The file is replaced atomically with mode 0600 (see {@link AtomicFile}); missing directories
 * are made with mode 0700. No credentials. Thread-safe; two deliveries to one path at once leave
 * one of them whole.
 */
public final class FileSinkDriver implements SinkDriver {
  private final Path root;

  private FileSinkDriver(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A driver writing under {@code root}, which is created (mode 0700) on the first delivery. */
  public static FileSinkDriver under(Path root) {
    return new FileSinkDriver(root);
  }

  @Override
  public String type() {
    return "file";
  }

  @Override
  public Map<String, String> problems(SinkConfig config) {
    Map<String, String> problems = new LinkedHashMap<>();
    pathProblem(config.setting("path")).ifPresent(p -> problems.put("settings.path", p));
    String format = config.setting("format").orElse("raw");
    if (FileFormat.parse(format).isEmpty()) {
      problems.put("settings.format", "must be raw, env or json");
    }
    String variable = config.setting("variable").orElse(FileFormat.DEFAULT_VARIABLE);
    if (!FileFormat.isVariableName(variable)) {
      problems.put(
          "settings.variable", "must be an environment variable name: letters, digits and _");
    }
    for (String name : config.settings().keySet()) {
      if (!java.util.Set.of("path", "format", "variable").contains(name)) {
        problems.put("settings." + name, "unknown setting of a file sink");
      }
    }
    if (!config.credentials().isEmpty()) {
      problems.put("credentials", "a file sink takes no credentials");
    }
    return problems;
  }

  private static Optional<String> pathProblem(Optional<String> path) {
    if (path.isEmpty()) {
      return Optional.of("required: a path relative to the sink file root");
    }
    String p = path.get();
    if (p.startsWith("/") || p.startsWith("\\") || Path.of(p).isAbsolute()) {
      return Optional.of("must be relative to the sink file root");
    }
    for (String segment : p.split("[/\\\\]", -1)) {
      if (segment.equals("..")) {
        return Optional.of("must not contain .. segments");
      }
      if (segment.isEmpty() || segment.equals(".") || segment.indexOf('\0') >= 0) {
        return Optional.of("must be a file path of plain segments (no empty or . segment)");
      }
    }
    return Optional.empty();
  }

  /**
   * @throws SinkException with {@code mayHaveArrived} false when the file was not replaced (bad
   *     settings, a path leading out of the root, a write that failed); true only when the
   *     replacement may have happened but could not be confirmed
   */
  @Override
  public SinkReceipt deliver(SinkConfig config, Delivery delivery) {
    Map<String, String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new SinkException("the file sink is misconfigured: " + problems, false);
    }
    // Each workspace writes under its own directory: a sink of one can never overwrite a file
    // another workspace's consumers read.
    Path base = root.resolve(delivery.workspaceId());
    Path target = base.resolve(config.setting("path").orElseThrow()).normalize();
    FileFormat format = FileFormat.parse(config.setting("format").orElse("raw")).orElseThrow();
    String variable = config.setting("variable").orElse(FileFormat.DEFAULT_VARIABLE);
    AtomicFile.replace(base, target, format.render(delivery, variable));
    return new SinkReceipt("file:" + target);
  }

  @Override
  public String toString() {
    return "FileSinkDriver[" + root + "]";
  }
}
