package dev.latchkey.server.cli;

import dev.latchkey.api.AccessReport;
import dev.latchkey.api.AccessReport.ConditionUse;
import dev.latchkey.api.AccessReport.GrantUse;
import dev.latchkey.api.AccessReport.PermissionUse;
import dev.latchkey.api.AccessReport.Suggestion;
import dev.latchkey.client.LatchkeyClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code latchkey keys access-report KEY_ID [--days N]}: what a key's grants were used for, which
 * conditions were evaluated, and a narrower grant.
 */
@Command(
    name = "access-report",
    description =
        "Shows which of a key's grants verification used, which conditions it evaluated, and a"
            + " narrower grant.")
final class KeyAccessReportCommand extends RemoteCommand {

  @Parameters(paramLabel = "ID", description = "The key id (key_...).")
  String id;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "30",
      description = "How many UTC days to look back, today included: 1 to 90 (default 30).")
  int days;

  @Override
  int run(LatchkeyClient client, Output out) {
    AccessReport report = client.keys().accessReport(id, days);
    out.parts(report, parts(report));
    return ExitCodes.OK;
  }

  static List<Output.Part> parts(AccessReport r) {
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("key_id", r.keyId());
    head.put("days", r.days());
    head.put("from", r.from());
    head.put("to", r.to());
    head.put("permissions_exercised", r.permissionsExercised());
    List<Output.Part> parts = new ArrayList<>();
    parts.add(new Output.Fields(null, head));
    parts.add(
        new Output.Table(
            "GRANTS",
            List.of("SOURCE", "ROLE", "GRANT", "UNUSED", "LAST_USED", "USED_FOR"),
            r.grants().stream().map(KeyAccessReportCommand::row).toList()));
    parts.add(
        new Output.Table(
            "CONDITIONS",
            List.of("SOURCE", "ROLE", "EVALUATED", "LAST_EVALUATED", "EXPRESSION"),
            r.conditions().stream().map(KeyAccessReportCommand::row).toList()));
    parts.addAll(suggestion(r.suggestion()));
    return parts;
  }

  private static List<Output.Part> suggestion(Suggestion s) {
    if (s == null) {
      return List.of(
          new Output.Lines(
              "SUGGESTION",
              List.of(
                  "none: no verification in the window required a permission this key's grants"
                      + " satisfied, so what it needs is unknown")));
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("narrower", s.narrower());
    fields.put("permissions", s.permissions());
    fields.put("roles", s.roles());
    fields.put("remove_roles", s.removeRoles());
    return List.of(
        new Output.Fields("SUGGESTION", fields), new Output.Lines("REASONS", s.reasons()));
  }

  private static List<Object> row(GrantUse g) {
    List<String> usedFor = g.usedFor().stream().map(PermissionUse::permission).toList();
    return Arrays.asList(
        g.source(), g.roleName(), g.grant(), g.unused() ? "yes" : "no", g.lastUsedAt(), usedFor);
  }

  private static List<Object> row(ConditionUse c) {
    return Arrays.asList(
        c.source(),
        c.roleName(),
        c.evaluated() ? "yes" : "no",
        c.lastEvaluatedAt(),
        c.expression());
  }
}
