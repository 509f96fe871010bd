package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.manage.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTest {
  @TempDir Path dir;

  private LatchkeyServer start(ByteArrayOutputStream console) {
    return LatchkeyServer.start(
        ServerConfig.defaults()
            .withPort(0)
            .withDataDir(dir)
            .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)));
  }

  private static int status(URI base, String rootKey) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve("/v1/root-keys"))
            .header("Authorization", "Bearer " + rootKey)
            .build();
    return HttpClient.newHttpClient()
        .send(req, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void firstStart_printsTheRootKeyOnce_andWritesItMode0600_laterStartsPrintNothingSecret()
      throws Exception {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    String key;
    try (LatchkeyServer server = start(first)) {
      Path file = dir.resolve("bootstrap-root-key");
      key = Files.readString(file).strip();
      assertThat(key).startsWith("lk_root_");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(first.toString(StandardCharsets.UTF_8)).contains(key).contains(file.toString());
      assertThat(status(server.uri(), key)).isEqualTo(200);
    }
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    try (LatchkeyServer server = start(second)) {
      assertThat(second.toString(StandardCharsets.UTF_8)).doesNotContain("lk_root_");
      assertThat(status(server.uri(), key)).isEqualTo(200);
    }
  }

  @Test
  void suppliedRootKey_isUsed_andNeitherPrintedNorWritten() throws Exception {
    String supplied = dev.latchkey.core.secret.KeyFormat.generateRoot().reveal();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (LatchkeyServer server =
        LatchkeyServer.start(
            ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir)
                .withBootstrapRootKey(supplied)
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)))) {
      assertThat(status(server.uri(), supplied)).isEqualTo(200);
      assertThat(console.toString(StandardCharsets.UTF_8))
          .doesNotContain(supplied)
          .contains(supplied.substring(0, 12));
      assertThat(dir.resolve("bootstrap-root-key")).doesNotExist();
    }
  }

  @Test
  void malformedSuppliedRootKey_failsStartWithAClearMessage() {
    String notRoot = dev.latchkey.core.secret.KeyFormat.generate("pay").reveal();
    assertThatThrownBy(
            () ->
                LatchkeyServer.start(
                    ServerConfig.defaults()
                        .withPort(0)
                        .withDataDir(dir)
                        .withBootstrapRootKey(notRoot)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("LATCHKEY_BOOTSTRAP_ROOT_KEY")
        .hasMessageNotContaining(notRoot);
  }
}
