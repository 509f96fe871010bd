package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code latchkey server} refuses to start on a bad option, saying which and why. */
class ServerCommandTest {
  @TempDir Path dir;

  @Test
  void aForwardAuthKeyHeader_thatCannotCarryTheClientsKey_stopsTheStart() {
    for (String bad : List.of("X Api Key", "Authorization", "X-Latchkey-Root-Key", "")) {
      StringWriter err = new StringWriter();
      int code =
          new CommandLine(new Main())
              .setErr(new PrintWriter(err, true))
              .execute(
                  "server",
                  "--data-dir",
                  dir.toString(),
                  "--port",
                  "0",
                  "--forward-auth-key-header",
                  bad);
      assertThat(code).as(bad).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(err.toString()).as(bad).contains("--forward-auth-key-header: must ");
    }
    assertThat(dir).isEmptyDirectory(); // nothing was started
  }

  @Test
  void badTrustedProxies_stopTheStart() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new Main())
            .setErr(new PrintWriter(err, true))
            .execute("server", "--data-dir", dir.toString(), "--trusted-proxies", "nonsense");
    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--trusted-proxies: ");
  }

  @Test
  void badMonitoringOptions_stopTheStart() {
    for (List<String> bad :
        List.of(
            List.of("--log-format", "xml"),
            List.of("--metrics-port", "70000"),
            List.of("--metrics-port", "-1"),
            List.of("--metrics-port", "x"),
            List.of("--forward-auth-port", "65536"),
            List.of("--forward-auth-port", "-1"),
            List.of("--forward-auth-port", "http"),
            List.of("--access-log", "maybe"))) {
      StringWriter err = new StringWriter();
      List<String> args =
          new java.util.ArrayList<>(List.of("server", "--data-dir", dir.toString()));
      args.addAll(bad);
      int code =
          new CommandLine(new Main())
              .setErr(new PrintWriter(err, true))
              .execute(args.toArray(String[]::new));
      assertThat(code).as(bad.toString()).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(err.toString()).as(bad.toString()).contains(bad.getFirst());
    }
    assertThat(dir).isEmptyDirectory(); // nothing was started
  }

  @Test
  void badWebhookAllowListOrAttempts_stopTheStart() {
    for (String[] args :
        new String[][] {
          {"--webhook-allow", "10.0.0.1"}, {"--webhook-allow", "nonsense/8"},
          {"--webhook-max-attempts", "0"}, {"--webhook-max-attempts", "51"}
        }) {
      StringWriter err = new StringWriter();
      int code =
          new CommandLine(new Main())
              .setErr(new PrintWriter(err, true))
              .execute("server", "--data-dir", dir.toString(), args[0], args[1]);
      assertThat(code).as(String.join(" ", args)).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(err.toString()).contains("--webhook-");
    }
  }

  @Test
  void aUsageRetentionBelowItsMinimum_stopsTheStart_namingIt() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new Main())
            .setErr(new PrintWriter(err, true))
            .execute("server", "--data-dir", dir.toString(), "--usage-minutes-retention", "PT1H");
    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("usage minutes must be kept at least PT6H");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aBadRotationPollOrNotice_orExpiryNotice_stopsTheStart_namingIt() {
    for (String[] args :
        new String[][] {
          {"--rotation-poll", "PT0S"},
          {"--rotation-poll", "soon"},
          {"--rotation-notice", "-P1D"},
          {"--expiry-notice", "P367D"},
          {"--expiry-notice", "-P1D"},
          {"--expiry-notice", "soon"}
        }) {
      StringWriter err = new StringWriter();
      int code =
          new CommandLine(new Main())
              .setErr(new PrintWriter(err, true))
              .execute("server", "--data-dir", dir.toString(), args[0], args[1]);
      assertThat(code).as(String.join(" ", args)).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(err.toString()).as(String.join(" ", args)).contains(args[0]);
    }
    assertThat(dir).isEmptyDirectory();
  }
}
