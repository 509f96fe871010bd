package dev.latchkey.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkDriverTest {
  @TempDir Path dir;

  private Path root() {
    return dir.resolve("sinks");
  }

  /** Where deliveries of workspace ws_1 land: each workspace writes under its own directory. */
  private Path ws() {
    return root().resolve("ws_1");
  }

  private static Delivery delivery() {
    return new Delivery("ws_1", "key_1", "svc_1", KeyFormat.generate("pay"), Instant.now());
  }

  private static SinkConfig settings(Map<String, String> settings) {
    return new SinkConfig(settings, Map.of());
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void raw_writesTheSecretAndALineBreak_mode0600_inDirectoriesMode0700() throws Exception {
    Delivery d = delivery();
    var receipt =
        FileSinkDriver.under(root()).deliver(settings(Map.of("path", "pay/orders/key")), d);

    Path file = ws().resolve("pay/orders/key");
    assertThat(Files.readString(file)).isEqualTo(d.secret().reveal() + "\n");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(mode(ws().resolve("pay"))).isEqualTo("rwx------");
    assertThat(mode(ws().resolve("pay/orders"))).isEqualTo("rwx------");
    assertThat(receipt.location()).isEqualTo("file:" + file).doesNotContain(d.secret().reveal());
  }

  @Test
  void envAndJsonFormats() throws Exception {
    FileSinkDriver sink = FileSinkDriver.under(root());
    Delivery d = delivery();
    sink.deliver(settings(Map.of("path", "a.env", "format", "env")), d);
    sink.deliver(settings(Map.of("path", "b.env", "format", "env", "variable", "PAY_KEY")), d);
    sink.deliver(settings(Map.of("path", "c.json", "format", "json")), d);

    String secret = d.secret().reveal();
    assertThat(Files.readString(ws().resolve("a.env")))
        .isEqualTo("LATCHKEY_API_KEY=" + secret + "\n");
    assertThat(Files.readString(ws().resolve("b.env"))).isEqualTo("PAY_KEY=" + secret + "\n");
    assertThat(Files.readString(ws().resolve("c.json")))
        .isEqualTo("{\"key_id\":\"key_1\",\"secret\":\"" + secret + "\"}\n");
  }

  @Test
  void aSecondDelivery_replacesTheFile_leavingNoTemporaryFiles() throws Exception {
    FileSinkDriver sink = FileSinkDriver.under(root());
    SinkConfig config = settings(Map.of("path", "key"));
    sink.deliver(config, delivery());
    Delivery second = delivery();
    sink.deliver(config, second);

    assertThat(Files.readString(ws().resolve("key"))).isEqualTo(second.secret().reveal() + "\n");
    try (var files = Files.list(ws())) {
      assertThat(files).containsExactly(ws().resolve("key"));
    }
  }

  @Test
  void problems_nameEachBadSetting() {
    FileSinkDriver sink = FileSinkDriver.under(root());
    assertThat(sink.problems(settings(Map.of("path", "ok/key")))).isEmpty();
    assertThat(sink.problems(settings(Map.of()))).containsOnlyKeys("settings.path");
    assertThat(sink.problems(settings(Map.of("path", "/etc/passwd"))))
        .containsEntry("settings.path", "must be relative to the sink file root");
    assertThat(sink.problems(settings(Map.of("path", "a/../../b"))))
        .containsEntry("settings.path", "must not contain .. segments");
    assertThat(
            sink.problems(
                settings(Map.of("path", "k", "format", "yaml", "variable", "1-BAD", "x", "y"))))
        .containsOnlyKeys("settings.format", "settings.variable", "settings.x");
    assertThat(sink.problems(new SinkConfig(Map.of("path", "k"), Map.of("token", "t"))))
        .containsOnlyKeys("credentials");
    assertThat(dir).isEmptyDirectory(); // problems() touches nothing
  }

  @Test
  void aSymlinkOutOfTheRoot_isRefused_andNothingIsWrittenOutside() throws Exception {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Files.createDirectories(ws());
    Files.createSymbolicLink(ws().resolve("escape"), outside);
    FileSinkDriver sink = FileSinkDriver.under(root());

    assertThatThrownBy(() -> sink.deliver(settings(Map.of("path", "escape/new/key")), delivery()))
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.mayHaveArrived()).isFalse())
        .hasMessageContaining("leads out of the sink file root");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void aFailedWrite_saysItDidNotArrive_withoutTheSecret() throws Exception {
    Files.createDirectories(ws().resolve("taken/child")); // a non-empty directory in the way
    Delivery d = delivery();
    assertThatThrownBy(
            () -> FileSinkDriver.under(root()).deliver(settings(Map.of("path", "taken")), d))
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.mayHaveArrived()).isFalse())
        .hasMessageContaining("taken")
        .hasMessageNotContaining(d.secret().reveal());
    try (var files = Files.list(ws())) {
      assertThat(files).containsExactly(ws().resolve("taken"));
    }
  }
}
