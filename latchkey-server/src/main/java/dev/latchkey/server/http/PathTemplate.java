package dev.latchkey.server.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed route template. A segment is a literal ({@code keys:verify}), a parameter ({@code {id}},
 * which never holds a colon), or a parameter with a verb ({@code {id}:rotate}).
 */
public final class PathTemplate {
  private record Segment(String literal, String parameter, String verb) {}

  private final List<Segment> segments;
  private final boolean greedyTail;
  private final Optional<String> prefix;

  public PathTemplate(String template) {
    this(template, false);
  }

  /**
   * A template whose last parameter, when {@code greedyTail}, takes the rest of the path, slashes
   * included and possibly empty ({@code /v1/forward-auth/{path}} matches {@code
   * /v1/forward-auth/api/orders/1}).
   */
  public PathTemplate(String template, boolean greedyTail) {
    this.segments = split(template).stream().map(PathTemplate::segment).toList();
    this.greedyTail = greedyTail;
    int fixed = Math.min(2, segments.size());
    this.prefix =
        segments.subList(0, fixed).stream().allMatch(s -> s.literal() != null)
            ? Optional.of(prefixOf(segments.stream().map(Segment::literal).toList()))
            : Optional.empty();
  }

  /**
   * The template's first two segments (its only one, if it has one), when they are literals: a path
   * it matches has the same {@link #prefixOf}, so a router need only try the templates with the
   * path's prefix and those without one.
   */
  Optional<String> prefix() {
    return prefix;
  }

  /** The first two segments of {@code path} (its only one, if it has one). */
  static String prefixOf(List<String> path) {
    return path.size() == 1 ? path.get(0) : path.get(0) + "/" + path.get(1);
  }

  private static Segment segment(String text) {
    if (!text.startsWith("{")) {
      return new Segment(text, null, null);
    }
    int close = text.indexOf('}');
    String verb = close + 1 < text.length() ? text.substring(close + 1) : null;
    return new Segment(null, text.substring(1, close), verb);
  }

  /** The parameters when {@code path} matches. */
  public Optional<Map<String, String>> match(List<String> path) {
    if (greedyTail) {
      return matchGreedy(path);
    }
    if (path.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> params = null;
    for (int i = 0; i < path.size(); i++) {
      Segment s = segments.get(i);
      String part = path.get(i);
      if (s.literal() != null) {
        if (!s.literal().equals(part)) {
          return Optional.empty();
        }
        continue;
      }
      String value = part;
      if (s.verb() != null) {
        if (!part.endsWith(s.verb())) {
          return Optional.empty();
        }
        value = part.substring(0, part.length() - s.verb().length());
      }
      if (value.isEmpty() || value.indexOf(':') >= 0) {
        return Optional.empty();
      }
      if (params == null) {
        params = new HashMap<>(2);
      }
      params.put(s.parameter(), value);
    }
    return Optional.of(params == null ? Map.of() : params);
  }

  private Optional<Map<String, String>> matchGreedy(List<String> path) {
    int fixed = segments.size() - 1;
    if (path.size() < segments.size() || path.get(0).equals("\u0000")) {
      return Optional.empty();
    }
    for (int i = 0; i < fixed; i++) {
      if (!segments.get(i).literal().equals(path.get(i))) {
        return Optional.empty();
      }
    }
    String rest = String.join("/", path.subList(fixed, path.size()));
    return Optional.of(Map.of(segments.get(fixed).parameter(), rest));
  }

  public static List<String> split(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return List.of("\u0000"); // matches nothing
    }
    return List.of(path.substring(1).split("/", -1));
  }
}
