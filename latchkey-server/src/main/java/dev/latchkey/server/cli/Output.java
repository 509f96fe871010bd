package dev.latchkey.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.Json;
import dev.latchkey.api.Page;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Prints results for people (aligned tables, key/value lines) or, with {@code --json}, the response
 * as the server sent it. The server writes with the same mapper, so re-encoding the record gives
 * back its JSON (fields this CLI does not know yet are the only loss).
 */
final class Output {
  private static final String NONE = "-";

  private final PrintWriter out;
  private final boolean json;

  Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** One object: its JSON, or one {@code name value} line per field. */
  void one(Object response, Map<String, Object> fields) {
    if (json) {
      json(response);
    } else {
      fields(fields);
    }
  }

  /** One page: its JSON, or a table and, when there is more, how to get the next page. */
  <T> void page(Page<T> page, Views.Columns<T> columns) {
    if (json) {
      json(page);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(columns.headers());
    for (T item : page.items()) {
      rows.add(columns.row().apply(item).stream().map(Output::text).toList());
    }
    table(rows);
    if (page.nextPageToken() != null) {
      out.println("More: --page-token " + page.nextPageToken());
    }
  }

  /**
   * A response carrying a secret shown only this once: its JSON, or a warning line, the secret on a
   * line of its own (easy to copy), and the object's fields.
   */
  void issued(Object response, String secret, Map<String, Object> fields) {
    if (json) {
      json(response);
      return;
    }
    out.println("Store this secret now; it will not be shown again:");
    out.println(secret);
    out.println();
    fields(fields);
  }

  /** A part of a response printed in several parts; a null title prints none. */
  sealed interface Part {
    String title();
  }

  /** {@code name value} lines. */
  record Fields(String title, Map<String, Object> fields) implements Part {}

  /** An aligned table; {@code none} when it has no rows. */
  record Table(String title, List<String> headers, List<List<Object>> rows) implements Part {}

  /** Free lines, each as a list item. */
  record Lines(String title, List<String> lines) implements Part {}

  /** A response of several parts: its JSON, or each part under its title, blank lines between. */
  void parts(Object response, List<Part> parts) {
    if (json) {
      json(response);
      return;
    }
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      if (i > 0) {
        out.println();
      }
      if (part.title() != null) {
        out.println(part.title());
      }
      switch (part) {
        case Fields f -> fields(f.fields());
        case Table t when t.rows().isEmpty() -> out.println("none");
        case Table t -> table(tableRows(t));
        case Lines l -> l.lines().forEach(line -> out.println("- " + line));
      }
    }
  }

  private static List<List<String>> tableRows(Table t) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(t.headers());
    t.rows().forEach(row -> rows.add(row.stream().map(Output::text).toList()));
    return rows;
  }

  void json(Object response) {
    try {
      out.println(Json.mapper().writeValueAsString(response));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a " + response.getClass().getSimpleName(), e);
    }
  }

  void line(String text) {
    out.println(text);
  }

  private void fields(Map<String, Object> fields) {
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    fields.forEach((name, value) -> out.println(pad(name, width) + "  " + text(value)));
  }

  private void table(List<List<String>> rows) {
    int columns = rows.getFirst().size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row.get(i) : pad(row.get(i), widths[i]) + "  ");
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  /** How a value reads in a cell: absent as {@code -}, lists comma-joined, maps as JSON. */
  static String text(Object value) {
    return switch (value) {
      case null -> NONE;
      case Instant time -> time.toString();
      case Collection<?> list when list.isEmpty() -> NONE;
      case Collection<?> list -> String.join(",", list.stream().map(Output::text).toList());
      case Map<?, ?> map when map.isEmpty() -> NONE;
      case Map<?, ?> map -> jsonText(map);
      default -> value.toString();
    };
  }

  private static String jsonText(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return value.toString();
    }
  }
}
