package dev.latchkey.server.cli;

import dev.latchkey.api.Usage;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.UsageQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code latchkey keys usage KEY_ID} and {@code latchkey services usage SERVICE_ID}: verification
 * counts per bucket, as a table with one column per outcome and a bar per bucket (Unicode blocks,
 * or {@code #} with {@code --ascii}); {@code --json} prints the response.
 */
abstract class UsageCommand extends RemoteCommand {
  /** The width of the longest bar, in characters. */
  static final int BAR_WIDTH = 40;

  private static final String EIGHTHS = " ▏▎▍▌▋▊▉";

  @Option(
      names = "--granularity",
      paramLabel = "G",
      description = "Bucket length: minute, hour (default) or day.")
  String granularity;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      converter = Converters.Rfc3339.class,
      description = "Start, RFC 3339 (default: an hour, a day or 30 days ago by granularity).")
  Instant since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      converter = Converters.Rfc3339.class,
      description = "End, RFC 3339 (default: now).")
  Instant until;

  @Option(names = "--ascii", description = "Draw the bars with # rather than Unicode blocks.")
  boolean ascii;

  UsageQuery query() {
    UsageQuery q = granularity == null ? UsageQuery.defaults() : UsageQuery.by(granularity);
    q = since == null ? q : q.since(since);
    return until == null ? q : q.until(until);
  }

  void print(Usage usage, Output out) {
    Map<String, Object> head = new LinkedHashMap<>();
    if (usage.key() != null) {
      head.put("key", usage.key());
    }
    if (usage.service() != null) {
      head.put("service", usage.service());
    }
    head.put("granularity", usage.granularity());
    head.put("since", usage.since());
    head.put("until", usage.until());
    head.put("total", usage.total());
    out.parts(usage, List.of(new Output.Fields(null, head), table(usage, ascii)));
  }

  /** One row per bucket: its start, total, count of each outcome seen, and its bar. */
  static Output.Table table(Usage usage, boolean ascii) {
    TreeSet<String> outcomes = new TreeSet<>();
    usage.buckets().forEach(b -> outcomes.addAll(b.outcomes().keySet()));
    long max = usage.buckets().stream().mapToLong(Usage.Bucket::total).max().orElse(0);
    List<String> headers = new ArrayList<>(List.of("START", "TOTAL"));
    headers.addAll(outcomes);
    headers.add("");
    List<List<Object>> rows = new ArrayList<>();
    for (Usage.Bucket b : usage.buckets()) {
      List<Object> row = new ArrayList<>(List.of(b.start(), b.total()));
      outcomes.forEach(o -> row.add(b.outcomes().getOrDefault(o, 0L)));
      row.add(bar(b.total(), max, ascii));
      rows.add(row);
    }
    return new Output.Table(null, headers, rows);
  }

  /**
   * A bar of {@code value} against {@code max} over {@link #BAR_WIDTH} characters: whole blocks and
   * one partial block in eighths, or {@code #} rounded to whole characters. A count above zero
   * always shows at least a sliver.
   */
  static String bar(long value, long max, boolean ascii) {
    if (value <= 0 || max <= 0) {
      return "";
    }
    long eighths = Math.max(1, Math.round((double) value * BAR_WIDTH * 8 / max));
    if (ascii) {
      return "#".repeat((int) Math.max(1, (eighths + 4) / 8));
    }
    String whole = "█".repeat((int) (eighths / 8));
    int part = (int) (eighths % 8);
    return part == 0 ? whole : whole + EIGHTHS.charAt(part);
  }

  /** {@code latchkey keys usage KEY_ID}. */
  @Command(
      name = "usage",
      description = "Shows how many verifications presented a key, by outcome, per bucket.")
  static final class OfKey extends UsageCommand {
    @Parameters(paramLabel = "ID", description = "The key id (key_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      print(client.keys().usage(id, query()), out);
      return ExitCodes.OK;
    }
  }

  /** {@code latchkey services usage SERVICE_ID}. */
  @Command(
      name = "usage",
      description =
          "Shows how many verifications presented a key of a service, by outcome, per bucket.")
  static final class OfService extends UsageCommand {
    @Parameters(paramLabel = "ID", description = "The service id (svc_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      print(client.services().usage(id, query()), out);
      return ExitCodes.OK;
    }
  }
}
