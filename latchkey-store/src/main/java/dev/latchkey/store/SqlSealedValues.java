package dev.latchkey.store;

import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.store.SealedValue;
import dev.latchkey.core.store.SealedValueRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The sealed columns, as {@link SealedColumn} declares them. Its table and column names are checked
 * SQL identifiers, so they are written into the statements; values are bound. The compare-and-set
 * is one conditional update: on PostgreSQL a concurrent writer's row lock makes it wait, and it
 * then compares against the committed value.
 */
final class SqlSealedValues implements SealedValueRepository {
  private static final RowMapper<SealedValue> MAPPER =
      (rs, ctx) -> new SealedValue(rs.getString("id"), rs.getString("stored"));

  private final Handle handle;

  SqlSealedValues(Handle handle) {
    this.handle = handle;
  }

  private static String select(SealedColumn c) {
    return "SELECT "
        + c.idColumn()
        + " AS id, "
        + c.column()
        + " AS stored FROM "
        + c.table()
        + " WHERE "
        + c.column()
        + " IS NOT NULL";
  }

  @Override
  public List<SealedValue> listAfter(SealedColumn c, String afterId, int limit) {
    return handle
        .createQuery(
            select(c)
                + " AND "
                + c.idColumn()
                + " > :after ORDER BY "
                + c.idColumn()
                + " LIMIT :limit")
        .bind("after", afterId)
        .bind("limit", limit)
        .map(MAPPER)
        .list();
  }

  @Override
  public Optional<SealedValue> find(SealedColumn c, String id) {
    return handle
        .createQuery(select(c) + " AND " + c.idColumn() + " = :id")
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public boolean replace(SealedColumn c, String id, String expected, String replacement) {
    return handle
            .createUpdate(
                "UPDATE "
                    + c.table()
                    + " SET "
                    + c.column()
                    + " = :replacement WHERE "
                    + c.idColumn()
                    + " = :id AND "
                    + c.column()
                    + " = :expected")
            .bind("replacement", replacement)
            .bind("id", id)
            .bind("expected", expected)
            .execute()
        == 1;
  }
}
