package dev.latchkey.core.access;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over {@code or := and ("OR" and)*; and := primary ("AND" primary)*; primary :=
 * permission | "(" or ")"}. Bounds are checked as it goes, so no input makes it work harder than
 * the bounds allow, and every failure is a {@link QuerySyntaxException} with a position.
 */
final class QueryParser {
  private final String text;
  private int at;
  private int terms;
  private int depth;

  QueryParser(String text) {
    this.text = text == null ? "" : text;
  }

  PermissionQuery parse() {
    if (text.length() > PermissionQuery.MAX_LENGTH) {
      throw new QuerySyntaxException(
          PermissionQuery.MAX_LENGTH,
          "a query is at most " + PermissionQuery.MAX_LENGTH + " characters");
    }
    skipSpace();
    if (at == text.length()) {
      throw new QuerySyntaxException(at, "the query is empty");
    }
    PermissionQuery query = or();
    skipSpace();
    if (at != text.length()) {
      throw new QuerySyntaxException(at, "expected AND, OR or the end");
    }
    return query;
  }

  private PermissionQuery or() {
    List<PermissionQuery> parts = new ArrayList<>();
    parts.add(and());
    while (keyword("OR")) {
      parts.add(and());
    }
    return parts.size() == 1 ? parts.getFirst() : new PermissionQuery.Any(parts);
  }

  private PermissionQuery and() {
    List<PermissionQuery> parts = new ArrayList<>();
    parts.add(primary());
    while (keyword("AND")) {
      parts.add(primary());
    }
    return parts.size() == 1 ? parts.getFirst() : new PermissionQuery.All(parts);
  }

  private PermissionQuery primary() {
    skipSpace();
    if (at < text.length() && text.charAt(at) == '(') {
      if (++depth > PermissionQuery.MAX_DEPTH) {
        throw new QuerySyntaxException(
            at, "at most " + PermissionQuery.MAX_DEPTH + " levels of parentheses");
      }
      at++;
      PermissionQuery inner = or();
      skipSpace();
      if (at >= text.length() || text.charAt(at) != ')') {
        throw new QuerySyntaxException(at, "expected )");
      }
      at++;
      depth--;
      return inner;
    }
    return permission();
  }

  private PermissionQuery permission() {
    int start = at;
    while (at < text.length() && isPermissionChar(text.charAt(at))) {
      at++;
    }
    if (start == at) {
      throw new QuerySyntaxException(
          start, at < text.length() ? "expected a permission or (" : "expected a permission");
    }
    String word = text.substring(start, at);
    if (word.equals("AND") || word.equals("OR")) {
      throw new QuerySyntaxException(start, "expected a permission, found " + word);
    }
    if (++terms > PermissionQuery.MAX_TERMS) {
      throw new QuerySyntaxException(
          start, "at most " + PermissionQuery.MAX_TERMS + " permissions");
    }
    try {
      return new PermissionQuery.Require(Grant.parse(word));
    } catch (IllegalArgumentException e) {
      throw new QuerySyntaxException(start, "not a permission: " + e.getMessage());
    }
  }

  /** Consumes {@code word} when it comes next as a whole word. */
  private boolean keyword(String word) {
    skipSpace();
    int end = at + word.length();
    if (text.startsWith(word, at)
        && (end == text.length() || !isPermissionChar(text.charAt(end)))) {
      at = end;
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (at < text.length() && text.charAt(at) == ' ') {
      at++;
    }
  }

  private static boolean isPermissionChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == ':'
        || c == '*'
        || c == '_'
        || c == '.'
        || c == '-';
  }
}
