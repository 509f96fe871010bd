package dev.latchkey.api.audit;

import dev.latchkey.api.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of a workspace's audit log, encoding version 1 (docs/audit.md). An event's hash is
 * the lowercase hex SHA-256 of the UTF-8 bytes of its canonical JSON (see {@link CanonicalJson}):
 * one object whose members, sorted, are
 *
 * <pre>
 * action, actor {id, type}, details (object or null), id, position (integer),
 * prev_hash, request_id (or null), source_address (or null), target {id, type},
 * time (integer milliseconds since the epoch), v (1), workspace_id
 * </pre>
 *
 * JSON quoting makes the encoding unambiguous; {@code v} names the version, so that a later one can
 * change it without making old hashes ambiguous. The first event of a workspace has position 1 and
 * {@link #GENESIS} as its {@code prev_hash}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditChain {
  /** The encoding version every hash of this class is computed with. */
  public static final int VERSION = 1;

  /** The {@code prev_hash} of a workspace's first event: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final HexFormat HEX = HexFormat.of();

  /** One digest per thread: looking a provider up for each of a million events costs more. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(AuditChain::sha256);

  private AuditChain() {}

  /**
   * The hash of {@code event} at the place its own {@code workspaceId}, {@code position} and {@code
   * prevHash} give it.
   *
   * @throws IllegalArgumentException when a chain field is missing, or a detail is a number that is
   *     not finite
   */
  public static String hash(AuditEvent event) {
    if (event.position() == null) {
      throw new IllegalArgumentException("an event without a position has no hash");
    }
    return hashAt(event, event.position());
  }

  /** The hash {@code event} would have at {@code position}. */
  static String hashAt(AuditEvent event, long position) {
    return HEX.formatHex(SHA256.get().digest(canonical(event, position)));
  }

  /** The canonical bytes of {@code event} (version {@value #VERSION}), that its hash is over. */
  public static byte[] canonical(AuditEvent event) {
    if (event.position() == null) {
      throw new IllegalArgumentException("an event without a position has no encoding");
    }
    return canonical(event, event.position());
  }

  private static byte[] canonical(AuditEvent e, long position) {
    if (e.workspaceId() == null || e.prevHash() == null || e.time() == null) {
      throw new IllegalArgumentException("a chained event has a workspace, a prev_hash and a time");
    }
    StringBuilder out = new StringBuilder(512);
    out.append("{\"action\":");
    CanonicalJson.string(e.action(), out);
    out.append(",\"actor\":{\"id\":");
    CanonicalJson.string(e.actor().id(), out);
    out.append(",\"type\":");
    CanonicalJson.string(e.actor().type(), out);
    out.append("},\"details\":");
    CanonicalJson.write(e.details(), out);
    out.append(",\"id\":");
    CanonicalJson.string(e.id(), out);
    out.append(",\"position\":").append(position);
    out.append(",\"prev_hash\":");
    CanonicalJson.string(e.prevHash(), out);
    out.append(",\"request_id\":");
    CanonicalJson.write(e.requestId(), out);
    out.append(",\"source_address\":");
    CanonicalJson.write(e.sourceAddress(), out);
    out.append(",\"target\":{\"id\":");
    CanonicalJson.string(e.target().id(), out);
    out.append(",\"type\":");
    CanonicalJson.string(e.target().type(), out);
    out.append("},\"time\":").append(e.time().toEpochMilli());
    out.append(",\"v\":").append(VERSION);
    out.append(",\"workspace_id\":");
    CanonicalJson.string(e.workspaceId(), out);
    out.append('}');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
