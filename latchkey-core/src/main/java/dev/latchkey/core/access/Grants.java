package dev.latchkey.core.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Lists of grants as they are stored and given: parsing, bounds and rendering. */
public final class Grants {
  /** Most grants one key, role or root key may list. */
  public static final int MAX = 64;

  private Grants() {}

  /**
   * The grants of stored text, which was validated when written; an entry that no longer parses
   * (never expected) is left out, so it grants nothing.
   */
  public static List<Grant> parseStored(Collection<String> stored) {
    List<Grant> grants = new ArrayList<>(stored.size());
    for (String text : stored) {
      try {
        grants.add(Grant.parse(text));
      } catch (IllegalArgumentException e) {
        // Fail closed: an unreadable grant grants nothing.
      }
    }
    return List.copyOf(grants);
  }

  /** The grants written back, in their given order. */
  public static List<String> render(Collection<Grant> grants) {
    return grants.stream().map(Grant::toString).toList();
  }
}
