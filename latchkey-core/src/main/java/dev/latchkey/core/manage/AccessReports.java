package dev.latchkey.core.manage;

import dev.latchkey.api.AccessReport;
import dev.latchkey.api.Key;
import dev.latchkey.api.Role;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.store.AccessUse;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The least-privilege report of a key: which of its grants verification saw it exercise over the
 * last days, which conditions were evaluated, and a narrower grant (see {@link AccessReport}). It
 * reads what {@link dev.latchkey.core.verify.AccessUsage} recorded, so it trails verification by up
 * to a flush (a second) and its times by up to {@link
 * dev.latchkey.core.verify.AccessUsage#RESOLUTION}. Thread-safe.
 */
public final class AccessReports {
  /** The window when none is asked for. */
  public static final int DEFAULT_DAYS = 30;

  /** The longest window; usage older than that is pruned. */
  public static final int MAX_DAYS = 90;

  /** What {@code days} must be, as the error says it. */
  public static final String DAYS_RULE = "must be an integer from 1 to " + MAX_DAYS;

  private final Store store;
  private final Keys keys;
  private final Clock clock;

  public AccessReports(Store store, Keys keys, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The report of key {@code id} over the last {@code days} UTC days, today included.
   *
   * @throws InvalidInputException when {@code days} is not 1 to {@value #MAX_DAYS}, or {@code id}
   *     is not a key id
   * @throws NotFoundException when the caller cannot see such a key
   */
  public AccessReport report(Principal p, String id, int days) {
    if (days < 1 || days > MAX_DAYS) {
      throw InvalidInputException.of("days", DAYS_RULE);
    }
    Key key = keys.get(p, id); // the caller's view: 404 for keys it may not see
    Instant now = clock.instant();
    long fromDay = dayOf(now) - days + 1;
    Instant from = LocalDate.ofEpochDay(fromDay).atStartOfDay(ZoneOffset.UTC).toInstant();
    Loaded loaded =
        store.read(
            tx ->
                new Loaded(
                    roles(tx, p.workspaceId(), key.roles()),
                    tx.accessUsage().since(p.workspaceId(), key.id(), fromDay)));
    return AccessAnalysis.of(key, loaded.roles(), loaded.uses(), days, from, now);
  }

  private record Loaded(List<Role> roles, List<AccessUse> uses) {}

  /** The roles the key holds that exist, in its order. */
  private static List<Role> roles(Tx tx, String workspaceId, List<String> ids) {
    List<Role> roles = new ArrayList<>(ids.size());
    for (String id : ids) {
      tx.roles().find(workspaceId, id).ifPresent(roles::add);
    }
    return roles;
  }

  /** The UTC day of {@code at}, as days since 1970-01-01 (the {@code day} of usage rows). */
  static long dayOf(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).toEpochDay();
  }
}
