package dev.latchkey.server.cli;

import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.AuditVerification.ChainHead;
import dev.latchkey.api.audit.ExportVerifier;
import dev.latchkey.client.AuditFilter;
import dev.latchkey.client.LatchkeyClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latchkey audit}: the audit trail of the workspace, its verification and export. */
@Command(
    name = "audit",
    description = "Read, verify and export the audit trail.",
    footer = ExitCodes.FOOTER,
    subcommands = {
      AuditCommand.ListCommand.class,
      AuditCommand.VerifyCommand.class,
      AuditCommand.ExportCommand.class
    })
public final class AuditCommand {
  @Mixin HelpOption help;

  @Command(name = "list", description = "Lists audit events, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Option(names = "--actor-type", paramLabel = "TYPE", description = "root_key or system.")
    String actorType;

    @Option(names = "--actor-id", paramLabel = "ID", description = "A root key's id, or system.")
    String actorId;

    @Option(
        names = "--action",
        paramLabel = "ACTION",
        description = "An action (key.created), or a prefix ending in * (key.*, request.*).")
    String action;

    @Option(names = "--target-type", paramLabel = "TYPE", description = "key, service, route, …")
    String targetType;

    @Option(names = "--target-id", paramLabel = "ID", description = "The target's id.")
    String targetId;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        converter = Converters.Rfc3339.class,
        description = "Events at or after this RFC 3339 time.")
    Instant since;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        converter = Converters.Rfc3339.class,
        description = "Events before this RFC 3339 time.")
    Instant until;

    @Override
    int run(LatchkeyClient client, Output out) {
      AuditFilter filter = AuditFilter.any();
      filter = actorType == null ? filter : filter.actorType(actorType);
      filter = actorId == null ? filter : filter.actorId(actorId);
      filter = action == null ? filter : filter.action(action);
      filter = targetType == null ? filter : filter.targetType(targetType);
      filter = targetId == null ? filter : filter.targetId(targetId);
      filter = since == null ? filter : filter.since(since);
      filter = until == null ? filter : filter.until(until);
      out.page(client.audit().list(filter, page.size, page.token), Views.AUDIT);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "verify",
      description = {
        "Verifies the workspace's audit hash chain: on the server, or offline in an export"
            + " (--file). Exit code 1 when the chain is broken; the first bad event is printed."
      })
  static final class VerifyCommand implements Callable<Integer> {
    private static final Pattern HEAD = Pattern.compile("(\\d{1,18}):([0-9a-f]{64})");

    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ConnectionOptions connection;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "An export (latchkey audit export) to verify offline; - for stdin.")
    Path file;

    @Option(
        names = "--head",
        paramLabel = "POSITION:HASH",
        description = "Where the chain must end: a head recorded earlier (anchored elsewhere).")
    String head;

    @Override
    public Integer call() {
      if (file == null) {
        return Remote.call(spec, connection, (client, out) -> report(client.audit().verify(), out));
      }
      PrintWriter err = spec.commandLine().getErr();
      Output out = new Output(spec.commandLine().getOut(), connection.json());
      try {
        AuditVerification result;
        try (BufferedReader lines =
            file.toString().equals("-")
                ? new BufferedReader(
                    new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          result = ExportVerifier.verify(lines, expectedHead());
        }
        return report(result, out);
      } catch (UsageException e) {
        err.println("latchkey: " + e.getMessage());
        return ExitCodes.USAGE;
      } catch (IOException e) {
        err.println("latchkey: cannot read " + file + ": " + e.getClass().getSimpleName());
        return ExitCodes.USAGE;
      } finally {
        spec.commandLine().getOut().flush();
        err.flush();
      }
    }

    private Optional<ChainHead> expectedHead() {
      if (head == null) {
        return Optional.empty();
      }
      var m = HEAD.matcher(head);
      if (!m.matches()) {
        throw new UsageException("--head must be POSITION:HASH (64 lowercase hex digits)");
      }
      return Optional.of(new ChainHead(Long.parseLong(m.group(1)), m.group(2)));
    }

    private static int report(AuditVerification result, Output out) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("valid", result.valid());
      fields.put("events_checked", result.eventsChecked());
      fields.put("head", result.head().position() + ":" + result.head().hash());
      if (result.firstBad() != null) {
        fields.put("first_bad_position", result.firstBad().position());
        fields.put("first_bad_id", result.firstBad().id());
        fields.put("reason", result.firstBad().reason());
        fields.put("detail", result.firstBad().detail());
      }
      out.one(result, fields);
      return result.valid() ? ExitCodes.OK : ExitCodes.NOT_VALID;
    }
  }

  @Command(
      name = "export",
      description = {
        "Writes every event of the audit chain, in chain order, as JSON Lines to stdout;"
            + " the head it ends at goes to stderr (anchor it, then: audit verify --file)."
      })
  static final class ExportCommand extends RemoteCommand {
    @Override
    int run(LatchkeyClient client, Output out) {
      PrintWriter stdout = spec.commandLine().getOut();
      LineWriter lines = new LineWriter(stdout);
      ChainHead head = client.audit().export(lines);
      stdout.flush();
      spec.commandLine()
          .getErr()
          .println(
              "exported " + lines.count + " events; head " + head.position() + ":" + head.hash());
      return ExitCodes.OK;
    }
  }

  /** Bytes of UTF-8 lines to a writer, a line at a time: memory stays one line long. */
  private static final class LineWriter extends OutputStream {
    private final PrintWriter out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    long count;

    LineWriter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      line.write(b);
      if (b == '\n') {
        out.write(line.toString(StandardCharsets.UTF_8));
        line.reset();
        count++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }
  }
}
