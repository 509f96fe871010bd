package dev.latchkey.core.store;

import dev.latchkey.core.seal.SealedColumn;
import java.util.List;
import java.util.Optional;

/**
 * The sealed columns ({@link SealedColumn}) of every table, across workspaces: what {@code latchkey
 * rewrap} walks to re-seal values under a new key-encryption key. Rows whose column is null are not
 * listed.
 */
public interface SealedValueRepository {
  /** Up to {@code limit} values of {@code column} in rows whose id sorts after {@code afterId}. */
  List<SealedValue> listAfter(SealedColumn column, String afterId, int limit);

  /** The value of {@code column} in row {@code id}; empty when the row is gone or holds null. */
  Optional<SealedValue> find(SealedColumn column, String id);

  /**
   * Compare-and-set: writes {@code replacement} into {@code column} of row {@code id} only if it
   * still holds {@code expected}; returns whether it did. A value changed meanwhile (a secret
   * rotated by a node) is never overwritten.
   */
  boolean replace(SealedColumn column, String id, String expected, String replacement);
}
