package dev.latchkey.store;

import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import java.util.List;
import java.util.OptionalLong;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Cursor pagination by {@code seq}. A list query selects a {@code seq} column, filters {@code seq <
 * :before}, orders by {@code seq DESC} and ends with {@code LIMIT :limit}; one row more than the
 * page is fetched to learn whether another page follows.
 */
final class Pages {
  private Pages() {}

  private record Numbered<T>(long seq, T row) {}

  static <T> Slice<T> slice(Query query, PageRequest page, RowMapper<T> mapper) {
    List<Numbered<T>> rows =
        query
            .bind("before", page.before())
            .bind("limit", page.size() + 1)
            .map((rs, ctx) -> new Numbered<>(rs.getLong("seq"), mapper.map(rs, ctx)))
            .list();
    if (rows.size() <= page.size()) {
      return new Slice<>(rows.stream().map(Numbered::row).toList(), OptionalLong.empty());
    }
    List<Numbered<T>> items = rows.subList(0, page.size());
    return new Slice<>(
        items.stream().map(Numbered::row).toList(), OptionalLong.of(items.getLast().seq()));
  }
}
