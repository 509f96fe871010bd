package dev.latchkey.server.cli;

import dev.latchkey.server.Main;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the real command tree in-process, as {@code Main} does, with captured stdout and stderr, a
 * chosen environment, and optionally a stdin.
 */
final class Cli {
  record Result(int code, String out, String err) {}

  private final Map<String, String> env;

  private Cli(Map<String, String> env) {
    this.env = env;
  }

  /** With an empty environment: no LATCHKEY_URL, no LATCHKEY_ROOT_KEY. */
  static Cli withoutEnvironment() {
    return new Cli(Map.of());
  }

  static Cli withEnvironment(Map<String, String> env) {
    return new Cli(env);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main(), new Factory(env));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  Result runWithStdin(String stdin, String... args) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return run(args);
    } finally {
      System.setIn(original);
    }
  }

  /** Hands the command tree a {@link ConnectionOptions} that reads {@code env}. */
  private record Factory(Map<String, String> env) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ConnectionOptions.class) {
        return type.cast(new ConnectionOptions(env));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
