-- Access control (issue 4): key permissions, roles and conditions, root-key service scopes and
-- grantable key permissions, and what verification saw each key exercise.
-- Kept identical to db/migration/sqlite/V2__access_control.sql but for the types.

-- permissions: JSON array of grants (`orders:read`, `orders:*`, `*`); roles: JSON array of role
-- ids; condition_expr: a CEL expression, or NULL.
ALTER TABLE keys ADD COLUMN permissions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE keys ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';
ALTER TABLE keys ADD COLUMN condition_expr TEXT;

-- services: JSON array of service ids the root key is confined to, or NULL for all of them.
-- key_permissions: JSON array of the key grants it may hand to keys and roles.
ALTER TABLE root_keys ADD COLUMN services TEXT;
ALTER TABLE root_keys ADD COLUMN key_permissions TEXT NOT NULL DEFAULT '[]';

CREATE TABLE roles (
  seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id             TEXT    NOT NULL UNIQUE,
  workspace_id   TEXT    NOT NULL REFERENCES workspaces (id),
  name           TEXT    NOT NULL,
  description    TEXT,
  permissions    TEXT    NOT NULL,
  condition_expr TEXT,
  created_at     BIGINT  NOT NULL,
  updated_at     BIGINT  NOT NULL,
  UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX roles_name ON roles (workspace_id, name);
CREATE INDEX roles_page ON roles (workspace_id, seq);

-- One row per key, UTC day and exercised grant: `source` is 'key' for a direct grant or the role
-- id it came through, `grant_text` the grant, `permission` the required permission it covered.
-- A condition's evaluation is a row with permission '' and grant_text '?' (the key's condition
-- when source is 'key', else the role's).
CREATE TABLE key_access_usage (
  workspace_id TEXT    NOT NULL,
  key_id       TEXT    NOT NULL,
  day          BIGINT  NOT NULL,
  source       TEXT    NOT NULL,
  grant_text   TEXT    NOT NULL,
  permission   TEXT    NOT NULL,
  last_at      BIGINT  NOT NULL,
  PRIMARY KEY (workspace_id, key_id, day, source, grant_text, permission)
);
CREATE INDEX key_access_usage_day ON key_access_usage (day);
