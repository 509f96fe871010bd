package dev.latchkey.core.store;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The change feed. Each appended record gets the next value of a monotonic {@code seq}, and records
 * become visible in {@code seq} order: a reader that has seen {@code seq} n will never later find a
 * record below n appear (implementations serialise appends until commit where the database would
 * not guarantee this, e.g. PostgreSQL sequences).
 */
public interface ChangeRepository {
  /** Appends and returns the record's {@code seq}. */
  long append(Change change);

  /** The highest {@code seq} written so far, 0 when none. */
  long lastSeq();

  /** The lowest {@code seq} still stored; empty when the feed holds no record. */
  OptionalLong firstSeq();

  /**
   * Records with {@code seq} above {@code after}, ascending, at most {@code limit}; all workspaces.
   */
  List<FeedEntry> after(long after, int limit);

  /**
   * Records of one workspace with {@code seq} above {@code after}, ascending, at most {@code
   * limit}.
   */
  List<FeedEntry> after(String workspaceId, long after, int limit);

  /**
   * Deletes records older than {@code cutoff}, but never the newest one (so that {@link #lastSeq}
   * survives); returns how many.
   */
  int deleteOlderThan(Instant cutoff);
}
