package dev.latchkey.core.store;

/** The change feed. Each appended record gets the next value of a monotonic {@code seq}. */
public interface ChangeRepository {
  /** Appends and returns the record's {@code seq}. */
  long append(Change change);

  /** The highest {@code seq} written so far, 0 when none. */
  long lastSeq();
}
