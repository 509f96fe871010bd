package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code latchkey server} refuses bad key-encryption keys before anything starts. */
class ServerCommandKeysTest {
  @TempDir Path dir;

  int server(StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 3];
    all[0] = "server";
    all[1] = "--port=0";
    all[2] = "--data-dir=" + dir.resolve("data");
    System.arraycopy(args, 0, all, 3, args.length);
    return cli.execute(all);
  }

  @Test
  void postgresWithoutAKey_isAUsageError() {
    StringWriter err = new StringWriter();

    int code = server(err, "--database-url", "postgresql://nobody@127.0.0.1:1/none");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--encryption-key is required with --database-url");
  }

  @Test
  void aKeyFileThatIsNotAKey_isAUsageError_withoutShowingIt() throws Exception {
    Path file = dir.resolve("bad.key");
    Files.writeString(file, "dG9vIHNob3J0IHRvIGJlIGEga2V5\n");
    StringWriter err = new StringWriter();

    int code = server(err, "--encryption-key", "file:" + file);

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--encryption-key file:" + file)
        .contains("32 random bytes")
        .doesNotContain("dG9vIHNob3J0");
  }

  @Test
  void aKeyGivenAsAValue_orAMissingVariable_isAUsageError() {
    StringWriter value = new StringWriter();
    StringWriter missing = new StringWriter();

    int byValue = server(value, "--encryption-key", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=");
    int byEnv =
        server(missing, "--previous-encryption-keys", "env:LATCHKEY_TEST_NO_SUCH_VARIABLE_1234");

    assertThat(byValue).isEqualTo(ExitCodes.USAGE);
    assertThat(value.toString())
        .contains("takes a reference", "env:", "file:", "vault:")
        .doesNotContain("c2VjcmV0");
    assertThat(byEnv).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.toString()).contains("LATCHKEY_TEST_NO_SUCH_VARIABLE_1234 is not set");
  }
}
