package dev.latchkey.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (one thread, a few kept-alive connections) with a POST of a fixed JSON body and
 * reads its summary. wrk is the load generator here because it needs a fraction of the CPU a JVM
 * client does, and the machine has two cores for client, node and database together.
 */
final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern ERRORS = Pattern.compile("Socket errors:.*");

  /** Requests per second, latency percentiles (ms), and responses that were not 2xx. */
  record Result(double perSecond, double p50, double p99, long failed) {}

  private Wrk() {}

  /**
   * POSTs {@code body} to {@code url} with {@code rootKey} from {@code connections} connections for
   * {@code duration}. The Lua script holding the key lives in {@code dir} (mode 0600) only while
   * wrk runs.
   */
  static Result post(
      URI url, String body, String rootKey, int connections, Duration duration, Path dir)
      throws IOException, InterruptedException {
    Path script = dir.resolve("post.lua");
    Files.writeString(
        Files.createFile(
            script,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
        "wrk.method = \"POST\"\n"
            + "wrk.body = '"
            + body
            + "'\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.headers[\"Authorization\"] = \"Bearer "
            + rootKey
            + "\"\n");
    try {
      Process wrk =
          new ProcessBuilder(
                  "wrk",
                  "-t1",
                  "-c" + connections,
                  "-d" + duration.toSeconds() + "s",
                  "--latency",
                  "-s",
                  script.toString(),
                  url.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (wrk.waitFor() != 0) {
        throw new IllegalStateException("wrk failed: " + out);
      }
      Matcher errors = ERRORS.matcher(out);
      if (errors.find()) {
        System.err.println("wrk: " + errors.group());
      }
      return new Result(
          Double.parseDouble(find(RATE, out)),
          latency(out, "50%"),
          latency(out, "99%"),
          Long.parseLong(find(NON_2XX, out, "0")));
    } finally {
      Files.delete(script);
    }
  }

  private static String find(Pattern p, String out) {
    return find(p, out, null);
  }

  private static String find(Pattern p, String out, String otherwise) {
    Matcher m = p.matcher(out);
    if (m.find()) {
      return m.group(1);
    }
    if (otherwise == null) {
      throw new IllegalStateException("unexpected wrk output: " + out);
    }
    return otherwise;
  }

  /** A latency line of {@code --latency}, such as {@code 99% 12.34ms}, in milliseconds. */
  private static double latency(String out, String percentile) {
    Matcher m =
        Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + percentile + " latency in wrk output: " + out);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "ms" -> v;
      default -> v * 1000;
    };
  }
}
