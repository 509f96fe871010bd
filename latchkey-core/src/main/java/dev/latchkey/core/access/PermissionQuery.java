package dev.latchkey.core.access;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A boolean query over permissions, as {@code keys:verify} takes it: {@code orders:read AND
 * (payments:refund OR admin:*)}. {@code AND} binds tighter than {@code OR}; parentheses group;
 * operators are case-sensitive upper-case words. Bounded: at most {@value #MAX_LENGTH} characters,
 * {@value #MAX_TERMS} permissions and {@value #MAX_DEPTH} levels of parentheses.
 *
 * <p>Immutable and thread-safe; parse once, evaluate many times.
 */
public sealed interface PermissionQuery {
  int MAX_LENGTH = 1024;
  int MAX_TERMS = 64;
  int MAX_DEPTH = 16;

  /**
   * Parses {@code text}.
   *
   * @throws QuerySyntaxException naming the position of the first error; never anything else
   */
  static PermissionQuery parse(String text) {
    return new QueryParser(text).parse();
  }

  /** Whether {@code granted} satisfies the query (see {@link Grant} for wildcards). */
  boolean satisfiedBy(Collection<Grant> granted);

  /**
   * The required permissions that {@code granted} lacks, when the query is not satisfied: every
   * uncovered permission of a failing {@code AND}, and of every branch of a failing {@code OR}.
   * Empty when satisfied.
   */
  default Set<Grant> missing(Collection<Grant> granted) {
    Set<Grant> missing = new LinkedHashSet<>();
    collectMissing(granted, missing);
    return missing;
  }

  void collectMissing(Collection<Grant> granted, Set<Grant> into);

  /**
   * When {@code granted} satisfies the query, tells {@code exercised} each required permission of
   * the way it was satisfied: every part of an {@code AND}, the first satisfied part of an {@code
   * OR}. Tells nothing when the query is not satisfied.
   */
  void forEachExercised(Collection<Grant> granted, Consumer<Grant> exercised);

  /** The query written back, fully parenthesised where it matters. */
  String render();

  /** One required permission. */
  record Require(Grant permission) implements PermissionQuery {
    @Override
    public boolean satisfiedBy(Collection<Grant> granted) {
      for (Grant g : granted) {
        if (g.covers(permission)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void collectMissing(Collection<Grant> granted, Set<Grant> into) {
      if (!satisfiedBy(granted)) {
        into.add(permission);
      }
    }

    @Override
    public void forEachExercised(Collection<Grant> granted, Consumer<Grant> exercised) {
      if (satisfiedBy(granted)) {
        exercised.accept(permission);
      }
    }

    @Override
    public String render() {
      return permission.toString();
    }
  }

  /** All of its parts. */
  record All(List<PermissionQuery> parts) implements PermissionQuery {
    public All {
      parts = List.copyOf(parts);
    }

    @Override
    public boolean satisfiedBy(Collection<Grant> granted) {
      for (PermissionQuery p : parts) {
        if (!p.satisfiedBy(granted)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void collectMissing(Collection<Grant> granted, Set<Grant> into) {
      parts.forEach(p -> p.collectMissing(granted, into));
    }

    @Override
    public void forEachExercised(Collection<Grant> granted, Consumer<Grant> exercised) {
      if (satisfiedBy(granted)) {
        parts.forEach(p -> p.forEachExercised(granted, exercised));
      }
    }

    @Override
    public String render() {
      return String.join(
          " AND ",
          parts.stream().map(p -> p instanceof Any ? "(" + p.render() + ")" : p.render()).toList());
    }
  }

  /** Any of its parts. */
  record Any(List<PermissionQuery> parts) implements PermissionQuery {
    public Any {
      parts = List.copyOf(parts);
    }

    @Override
    public boolean satisfiedBy(Collection<Grant> granted) {
      for (PermissionQuery p : parts) {
        if (p.satisfiedBy(granted)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void collectMissing(Collection<Grant> granted, Set<Grant> into) {
      if (!satisfiedBy(granted)) {
        parts.forEach(p -> p.collectMissing(granted, into));
      }
    }

    @Override
    public void forEachExercised(Collection<Grant> granted, Consumer<Grant> exercised) {
      for (PermissionQuery p : parts) {
        if (p.satisfiedBy(granted)) {
          p.forEachExercised(granted, exercised);
          return;
        }
      }
    }

    @Override
    public String render() {
      return String.join(
          " OR ",
          parts.stream().map(p -> p instanceof Any ? "(" + p.render() + ")" : p.render()).toList());
    }
  }
}
