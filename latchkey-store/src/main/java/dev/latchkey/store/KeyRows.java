package dev.latchkey.store;

import dev.latchkey.core.store.KeyRow;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The columns of a key and their mapping, shared by {@link SqlKeys} and the credential lookup.
 * Every column is read as {@code k_…} from a table aliased {@code k}, so it can be joined with
 * other tables without name clashes.
 */
final class KeyRows {
  static final String COLUMNS =
      """
      k.id AS k_id, k.workspace_id AS k_workspace_id, k.service_id AS k_service_id,
      k.consumer_id AS k_consumer_id, k.name AS k_name, k.meta AS k_meta,
      k.enabled AS k_enabled, k.expires_at AS k_expires_at, k.created_at AS k_created_at,
      k.updated_at AS k_updated_at, k.revoked_at AS k_revoked_at,
      k.revoke_reason AS k_revoke_reason, k.start AS k_start, k.rotated_at AS k_rotated_at,
      k.previous_start AS k_previous_start, k.grace_ends_at AS k_grace_ends_at,
      k.previous_secret_last_used_at AS k_previous_secret_last_used_at,
      k.permissions AS k_permissions, k.roles AS k_roles, k.condition_expr AS k_condition,
      k.limits AS k_limits, k.credits AS k_credits
      """;

  static final RowMapper<KeyRow> MAPPER =
      (rs, ctx) ->
          new KeyRow(
              rs.getString("k_id"),
              rs.getString("k_workspace_id"),
              rs.getString("k_service_id"),
              rs.getString("k_consumer_id"),
              rs.getString("k_name"),
              Columns.map(rs, "k_meta"),
              rs.getBoolean("k_enabled"),
              Columns.instant(rs, "k_expires_at"),
              Columns.instant(rs, "k_created_at"),
              Columns.instant(rs, "k_updated_at"),
              Columns.instant(rs, "k_revoked_at"),
              rs.getString("k_revoke_reason"),
              rs.getString("k_start"),
              Columns.instant(rs, "k_rotated_at"),
              rs.getString("k_previous_start"),
              Columns.instant(rs, "k_grace_ends_at"),
              Columns.instant(rs, "k_previous_secret_last_used_at"),
              Columns.strings(rs, "k_permissions"),
              Columns.strings(rs, "k_roles"),
              rs.getString("k_condition"),
              Columns.limits(rs, "k_limits", "k_credits"));

  private KeyRows() {}
}
