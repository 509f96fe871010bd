package dev.latchkey.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A scraped Prometheus text: sample values by series, and promtool's verdict on it. */
record Scrape(String text) {

  /** The value of the series written exactly as {@code series} ({@code name{labels}}), if any. */
  OptionalDouble value(String series) {
    for (String line : text.lines().toList()) {
      if (line.startsWith(series + " ")) {
        return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).strip()));
      }
    }
    return OptionalDouble.empty();
  }

  double valueOf(String series) {
    return value(series)
        .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + text));
  }

  /** The distinct values of {@code label} among the samples of {@code metric}. */
  List<String> labelValues(String metric, String label) {
    String prefix = metric + "{";
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .flatMap(
            l -> {
              int at = l.indexOf(label + "=\"", prefix.length() - 1);
              if (at < 0) {
                return java.util.stream.Stream.empty();
              }
              int from = at + label.length() + 2;
              return java.util.stream.Stream.of(l.substring(from, l.indexOf('"', from)));
            })
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Runs {@code promtool check metrics} on the text and asserts it finds nothing: neither a format
   * error nor a naming-convention problem. Aborts outside CI, fails under CI, when promtool is
   * missing (Debian's prometheus package).
   */
  void assertPromtoolAccepts(Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("scrape.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Process p;
    try {
      p =
          new ProcessBuilder("promtool", "check", "metrics")
              .redirectInput(file.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("under CI promtool must be installed (prometheus package)", e);
      }
      Assumptions.abort("skipped outside CI: promtool is missing (" + e.getMessage() + ")");
      return;
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("promtool did not finish in 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).as("promtool check metrics").isEmpty();
    assertThat(p.exitValue()).as("promtool exit code; said: " + out).isZero();
  }
}
