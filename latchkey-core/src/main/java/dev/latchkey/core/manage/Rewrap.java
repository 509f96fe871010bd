package dev.latchkey.core.manage;

import dev.latchkey.core.seal.SealException;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.store.SealedValue;
import dev.latchkey.core.store.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Re-seals stored values under the current key-encryption key: {@code latchkey rewrap} after a key
 * rotation ({@link #all}), and the server at start for values stored before sealing existed ({@link
 * #plainOnly}).
 *
 * <p>Walks every {@link SealedColumn} in id order, a page at a time; each value is re-sealed in a
 * transaction of its own by compare-and-set, so a value a node changes meanwhile (a rotated secret)
 * is never overwritten: it is read again and looked at anew. A value already under the current key
 * is left alone, so a run is idempotent, and an interrupted run is resumed by running it again.
 * Values that do not open are counted by row, never shown.
 *
 * <p>Thread-safe; runs on any number of nodes at once (each value is re-sealed once).
 */
public final class Rewrap {
  private static final int PAGE = 100;
  private static final int ATTEMPTS = 3;

  private final Store store;
  private final Sealer sealer;
  private final List<SealedColumn> columns;

  /** Over every declared sealed column. */
  public Rewrap(Store store, Sealer sealer) {
    this(store, sealer, List.of(SealedColumn.values()));
  }

  Rewrap(Store store, Sealer sealer, List<SealedColumn> columns) {
    this.store = store;
    this.sealer = sealer;
    this.columns = List.copyOf(columns);
  }

  /** A value that did not open: where it is, and why (ids only). */
  public record Failure(SealedColumn column, String id, String reason) {}

  /**
   * What a run did.
   *
   * @param rewrapped values re-sealed under the current key
   * @param alreadyCurrent values left as they were, already under the current key ({@link #all}
   *     only)
   * @param failed values that did not open, left as they were
   */
  public record Outcome(int rewrapped, int alreadyCurrent, List<Failure> failed) {
    public Outcome {
      failed = List.copyOf(failed);
    }
  }

  /**
   * Re-seals every value not under the current key-encryption key (under a previous one, or from
   * before sealing) .
   *
   * @throws dev.latchkey.core.store.StoreException when the store fails; what was re-sealed so far
   *     stays re-sealed
   */
  public Outcome all() {
    return run(false);
  }

  /** Seals the values stored before sealing existed ({@code plain:}); others are not looked at. */
  public Outcome plainOnly() {
    return run(true);
  }

  private Outcome run(boolean plainOnly) {
    Tally tally = new Tally();
    for (SealedColumn column : columns) {
      String after = "";
      while (true) {
        String from = after;
        List<SealedValue> page = store.read(tx -> tx.sealedValues().listAfter(column, from, PAGE));
        for (SealedValue v : page) {
          rewrap(column, v, plainOnly, tally);
        }
        if (page.size() < PAGE) {
          break;
        }
        after = page.getLast().id();
      }
    }
    return new Outcome(tally.rewrapped, tally.alreadyCurrent, tally.failed);
  }

  private void rewrap(SealedColumn column, SealedValue value, boolean plainOnly, Tally tally) {
    Optional<SealedValue> v = Optional.of(value);
    for (int attempt = 0; attempt < ATTEMPTS && v.isPresent(); attempt++) {
      SealedValue now = v.get();
      boolean plain = column.isPlain(now.stored());
      if (plainOnly && !plain) {
        return;
      }
      if (!plain && sealer.isCurrent(now.stored())) {
        tally.alreadyCurrent++;
        return;
      }
      String resealed;
      try {
        resealed = reseal(column, now);
      } catch (SealException e) {
        tally.failed.add(new Failure(column, now.id(), e.getMessage()));
        return;
      }
      if (store.write(tx -> tx.sealedValues().replace(column, now.id(), now.stored(), resealed))) {
        tally.rewrapped++;
        return;
      }
      // Changed meanwhile: look at what is there now.
      v = store.read(tx -> tx.sealedValues().find(column, now.id()));
    }
    v.ifPresent(
        now ->
            tally.failed.add(
                new Failure(column, now.id(), "changed by others at every attempt; run again")));
  }

  private String reseal(SealedColumn column, SealedValue v) {
    byte[] plaintext = column.open(sealer, v.id(), v.stored());
    try {
      return column.seal(sealer, v.id(), plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static final class Tally {
    int rewrapped;
    int alreadyCurrent;
    final List<Failure> failed = new ArrayList<>();
  }
}
