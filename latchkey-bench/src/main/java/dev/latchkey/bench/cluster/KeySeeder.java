package dev.latchkey.bench.cluster;

import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Seeds keys straight into a PostgreSQL schema, in the shape {@code POST /v1/keys} writes them: per
 * key one row in {@code keys}, one in {@code secrets} (the SHA-256 of a real generated secret), one
 * audit event ({@code key.created}) and one change record, the same tables and columns as {@code
 * db/migration/postgresql/V1__schema.sql}. Each chunk is one transaction of four {@code COPY … FROM
 * STDIN}; the next chunk is generated on another thread while one is copied.
 *
 * <p>Every {@code sampleEvery}-th plaintext is kept, in memory only, for the measurements.
 */
final class KeySeeder {
  private static final HexFormat HEX = HexFormat.of();

  /** A seeded key: id and plaintext. */
  record Sample(String id, String key) {}

  private record Chunk(
      String keys, String secrets, String audit, String changes, List<Sample> samples) {}

  private final Connection connection;
  private final String workspaceId;
  private final String serviceId;
  private final String prefix;
  private final String rootKeyId;
  private final PrintStream progress;

  /**
   * @param connection to the schema; its auto-commit is turned off
   * @param rootKeyId the actor of the audit events
   */
  KeySeeder(
      Connection connection,
      String workspaceId,
      String serviceId,
      String prefix,
      String rootKeyId,
      PrintStream progress) {
    this.connection = connection;
    this.workspaceId = workspaceId;
    this.serviceId = serviceId;
    this.prefix = prefix;
    this.rootKeyId = rootKeyId;
    this.progress = progress;
  }

  /** Seeds {@code total} keys in chunks of {@code chunk}; returns the samples. */
  List<Sample> seed(int total, int chunk, int sampleEvery) throws Exception {
    connection.setAutoCommit(false);
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    List<Sample> samples = new ArrayList<>();
    long base = System.currentTimeMillis() - total; // one creation per millisecond, up to now
    long started = System.nanoTime();
    ExecutorService generator = Executors.newSingleThreadExecutor();
    try {
      Future<Chunk> next =
          generator.submit(() -> generate(0, Math.min(chunk, total), base, sampleEvery));
      for (int done = 0; done < total; ) {
        Chunk current = next.get();
        int size = Math.min(chunk, total - done);
        int from = done + size;
        if (from < total) {
          next =
              generator.submit(
                  () -> generate(from, Math.min(chunk, total - from), base, sampleEvery));
        }
        write(copy, current);
        samples.addAll(current.samples());
        done = from;
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printf(
            "  seeded %,9d / %,d keys  %,7.0f keys/s  %5.1f s%n",
            done, total, done / seconds, seconds);
      }
    } finally {
      generator.shutdownNow();
    }
    connection.setAutoCommit(true);
    return samples;
  }

  private void write(CopyManager copy, Chunk chunk) throws SQLException, IOException {
    copy.copyIn(
        "COPY keys (id, workspace_id, service_id, consumer_id, name, meta, enabled, expires_at,"
            + " created_at, updated_at, revoked_at, revoke_reason, start, rotated_at,"
            + " previous_start, grace_ends_at, previous_secret_last_used_at) FROM STDIN",
        new StringReader(chunk.keys()));
    copy.copyIn(
        "COPY secrets (workspace_id, digest, owner_id, start, created_at, retires_at) FROM STDIN",
        new StringReader(chunk.secrets()));
    copy.copyIn(
        "COPY audit_events (id, workspace_id, occurred_at, actor_type, actor_id, action,"
            + " target_type, target_id, request_id, source_address, details) FROM STDIN",
        new StringReader(chunk.audit()));
    copy.copyIn(
        "COPY changes (workspace_id, entity_type, entity_id, kind, changed_at) FROM STDIN",
        new StringReader(chunk.changes()));
    connection.commit();
  }

  /**
   * COPY text for keys {@code from} to {@code from + n}; no value holds a tab, newline or
   * backslash.
   */
  private Chunk generate(int from, int n, long base, int sampleEvery) {
    StringBuilder keys = new StringBuilder(n * 220);
    StringBuilder secrets = new StringBuilder(n * 160);
    StringBuilder audit = new StringBuilder(n * 200);
    StringBuilder changes = new StringBuilder(n * 80);
    List<Sample> samples = new ArrayList<>();
    String details = "{\"service\":\"" + serviceId + "\"}";
    for (int i = from; i < from + n; i++) {
      Secret secret = KeyFormat.generate(prefix);
      String id = Ids.newId("key");
      long at = base + i;
      String start = secret.start();
      keys.append(id)
          .append('\t')
          .append(workspaceId)
          .append('\t')
          .append(serviceId)
          .append("\t\\N\tseed ")
          .append(i)
          .append("\t{}\tt\t\\N\t")
          .append(at)
          .append('\t')
          .append(at)
          .append("\t\\N\t\\N\t")
          .append(start)
          .append("\t\\N\t\\N\t\\N\t\\N\n");
      secrets
          .append(workspaceId)
          .append("\t\\\\x")
          .append(HEX.formatHex(secret.digest().toBytes()))
          .append('\t')
          .append(id)
          .append('\t')
          .append(start)
          .append('\t')
          .append(at)
          .append("\t\\N\n");
      audit
          .append(Ids.newId("evt"))
          .append('\t')
          .append(workspaceId)
          .append('\t')
          .append(at)
          .append("\troot_key\t")
          .append(rootKeyId)
          .append("\tkey.created\tkey\t")
          .append(id)
          .append('\t')
          .append(Ids.newId("req"))
          .append("\t127.0.0.1\t")
          .append(details)
          .append('\n');
      changes
          .append(workspaceId)
          .append("\tkey\t")
          .append(id)
          .append("\tcreated\t")
          .append(at)
          .append('\n');
      if (i % sampleEvery == 0) {
        samples.add(new Sample(id, secret.reveal()));
      }
    }
    return new Chunk(
        keys.toString(), secrets.toString(), audit.toString(), changes.toString(), samples);
  }
}
