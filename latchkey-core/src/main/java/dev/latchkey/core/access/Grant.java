package dev.latchkey.core.access;

import java.util.regex.Pattern;

/**
 * A permission string of a key, {@code resource:action} ({@code orders:read}), or a wildcard.
 *
 * <p>The one meaning of wildcards: {@code orders:*} stands for every action on {@code orders},
 * {@code *} for every permission. A grant satisfies a requirement when it covers every permission
 * the requirement stands for: {@code orders:*} satisfies {@code orders:read} and {@code orders:*};
 * {@code orders:read} satisfies {@code orders:read} only, never {@code orders:*}; {@code *}
 * satisfies everything.
 */
public record Grant(String resource, String action) {
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  private static final Grant ALL = new Grant("*", "*");

  /**
   * The grant written as {@code text}.
   *
   * @throws IllegalArgumentException when {@code text} is not {@code resource:action}, {@code
   *     resource:*} or {@code *}
   */
  public static Grant parse(String text) {
    if (text.equals("*")) {
      return ALL;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("a permission is resource:action, resource:* or *");
    }
    String resource = text.substring(0, colon);
    String action = text.substring(colon + 1);
    if (!NAME.matcher(resource).matches()
        || !(action.equals("*") || NAME.matcher(action).matches())) {
      throw new IllegalArgumentException(
          "resource and action are lower-case names of 1 to 64 characters ([a-z][a-z0-9_.-]*)");
    }
    return new Grant(resource, action);
  }

  /** Whether this grant covers every permission {@code required} stands for. */
  public boolean covers(Grant required) {
    if (resource.equals("*")) {
      return true;
    }
    if (!resource.equals(required.resource)) {
      return false;
    }
    return action.equals("*") || action.equals(required.action);
  }

  @Override
  public String toString() {
    return this == ALL || resource.equals("*") ? "*" : resource + ":" + action;
  }
}
