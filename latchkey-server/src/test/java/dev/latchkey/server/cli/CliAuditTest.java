package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latchkey audit verify | export | list} against a real server, and {@code verify --file}
 * offline on exports tampered with in each way.
 */
class CliAuditTest {
  @TempDir Path dir;
  TestServer t;
  Cli cli;

  @BeforeEach
  void start() {
    t = new TestServer(dir.resolve("data"));
    cli =
        Cli.withEnvironment(
            Map.of("LATCHKEY_URL", t.uri().toString(), "LATCHKEY_ROOT_KEY", t.rootKey));
    t.newKey("payments");
    t.newKey("orders");
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private Path export() throws Exception {
    Cli.Result r = cli.run("audit", "export");
    assertThat(r.code()).as(r.err()).isZero();
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, r.out());
    return file;
  }

  private Cli.Result verifyFile(Path file, String... more) {
    List<String> args = new ArrayList<>(List.of("audit", "verify", "--file", file.toString()));
    args.addAll(List.of(more));
    return Cli.withoutEnvironment().run(args.toArray(String[]::new));
  }

  @Test
  void verify_onTheServer_printsTheHead_andExitsZero() {
    Cli.Result r = cli.run("audit", "verify");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("valid")
        .contains("true")
        .containsPattern("head +\\d+:[0-9a-f]{64}");
  }

  @Test
  void export_thenVerifyOffline_withTheHeadItPrinted() throws Exception {
    Cli.Result exported = cli.run("audit", "export");
    assertThat(exported.err()).containsPattern("exported \\d+ events; head \\d+:[0-9a-f]{64}");
    String head = exported.err().replaceAll("(?s).*head (\\d+:[0-9a-f]{64}).*", "$1");
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, exported.out());

    Cli.Result r = verifyFile(file, "--head", head);

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains(head);
  }

  @Test
  void offlineVerify_namesAModifiedLine() throws Exception {
    Path file = export();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replaceFirst("\"action\":\"[a-z_.]+\"", "\"action\":\"key.read\""));
    Files.write(file, lines);

    Cli.Result r = verifyFile(file);

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(r.out()).contains("modified").containsPattern("first_bad_position +3");
  }

  @Test
  void offlineVerify_namesADeletedLine() throws Exception {
    Path file = export();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(1);
    Files.write(file, lines);

    Cli.Result r = verifyFile(file);

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(r.out()).contains("deleted").containsPattern("first_bad_position +2");
  }

  @Test
  void offlineVerify_namesSwappedLines() throws Exception {
    Path file = export();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    Collections.swap(lines, 1, 3);
    Files.write(file, lines);

    Cli.Result r = verifyFile(file);

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(r.out()).contains("first_bad_position").containsPattern("deleted|reordered");
  }

  @Test
  void offlineVerify_ofATruncatedExport_failsOnlyAgainstTheAnchoredHead() throws Exception {
    String head = cli.run("audit", "verify", "--json").out();
    String anchored =
        head.replaceAll(
            "(?s).*\"head\":\\{\"position\":(\\d+),\"hash\":\"([0-9a-f]{64})\".*", "$1:$2");
    Path file = export();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.removeLast();
    Files.write(file, lines);

    assertThat(verifyFile(file).code()).isZero();
    Cli.Result r = verifyFile(file, "--head", anchored);
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(r.out()).contains("deleted");
  }

  @Test
  void offlineVerify_refusesABadHeadOption_andAMissingFile() {
    assertThat(verifyFile(dir.resolve("audit.jsonl"), "--head", "3:abc").code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(verifyFile(dir.resolve("missing.jsonl")).code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void list_filtersByActionPrefix() {
    Cli.Result r = cli.run("audit", "list", "--action", "key.*");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("key.created").doesNotContain("service.created");
  }
}
