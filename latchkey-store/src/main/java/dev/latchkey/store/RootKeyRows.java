package dev.latchkey.store;

import dev.latchkey.core.store.RootKeyRow;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The columns of a root key and their mapping, shared by {@link SqlRootKeys} and the credential
 * lookup. Every column is read as {@code r_…} from a table aliased {@code r}.
 */
final class RootKeyRows {
  static final String COLUMNS =
      """
      r.id AS r_id, r.workspace_id AS r_workspace_id, r.name AS r_name, r.start AS r_start,
      r.permissions AS r_permissions, r.expires_at AS r_expires_at,
      r.created_at AS r_created_at, r.revoked_at AS r_revoked_at,
      r.revoke_reason AS r_revoke_reason, r.services AS r_services,
      r.key_permissions AS r_key_permissions
      """;

  static final RowMapper<RootKeyRow> MAPPER =
      (rs, ctx) ->
          new RootKeyRow(
              rs.getString("r_id"),
              rs.getString("r_workspace_id"),
              rs.getString("r_name"),
              rs.getString("r_start"),
              Columns.strings(rs, "r_permissions"),
              Columns.instant(rs, "r_expires_at"),
              Columns.instant(rs, "r_created_at"),
              Columns.instant(rs, "r_revoked_at"),
              rs.getString("r_revoke_reason"),
              Columns.strings(rs, "r_services"),
              Columns.strings(rs, "r_key_permissions"));

  private RootKeyRows() {}
}
