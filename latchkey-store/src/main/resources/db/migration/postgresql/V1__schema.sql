-- Latchkey schema, PostgreSQL dialect. The same tables, columns, constraints and indexes as
-- db/migration/sqlite/V1__schema.sql, so the repository SQL is shared; only the types differ.
--
-- Conventions:
-- * every table has a BIGINT `seq`, an identity column (its sequence never hands out a value
--   twice). Lists are newest first by seq, and a page cursor is a seq. Sequence values taken by a
--   transaction that rolls back leave gaps; nothing relies on seq being dense.
-- * instants are epoch milliseconds (BIGINT); booleans are BOOLEAN; meta, details and permissions
--   are JSON text (TEXT: the store reads and writes them whole, never queries inside them);
--   digests and sealed responses are BYTEA.
-- * every row of a tenant carries workspace_id. References between tenant rows include the
--   workspace, so a key can never point at a service or consumer of another workspace.
-- * objects are created in the current schema (Flyway sets it), never a named one.

CREATE TABLE workspaces (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id         TEXT   NOT NULL UNIQUE,
  name       TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE services (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           TEXT   NOT NULL UNIQUE,
  workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
  name         TEXT   NOT NULL,
  prefix       TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX services_name ON services (workspace_id, name);
CREATE INDEX services_page ON services (workspace_id, seq);

CREATE TABLE consumers (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           TEXT   NOT NULL UNIQUE,
  workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
  name         TEXT   NOT NULL,
  external_id  TEXT,
  meta         TEXT,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX consumers_external_id ON consumers (workspace_id, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX consumers_page ON consumers (workspace_id, seq);

CREATE TABLE keys (
  seq                          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                           TEXT    NOT NULL UNIQUE,
  workspace_id                 TEXT    NOT NULL REFERENCES workspaces (id),
  service_id                   TEXT    NOT NULL,
  consumer_id                  TEXT,
  name                         TEXT,
  meta                         TEXT    NOT NULL,
  enabled                      BOOLEAN NOT NULL,
  expires_at                   BIGINT,
  created_at                   BIGINT  NOT NULL,
  updated_at                   BIGINT  NOT NULL,
  revoked_at                   BIGINT,
  revoke_reason                TEXT,
  start                        TEXT    NOT NULL,
  rotated_at                   BIGINT,
  previous_start               TEXT,
  grace_ends_at                BIGINT,
  previous_secret_last_used_at BIGINT,
  FOREIGN KEY (workspace_id, service_id) REFERENCES services (workspace_id, id),
  FOREIGN KEY (workspace_id, consumer_id) REFERENCES consumers (workspace_id, id)
);
CREATE INDEX keys_page ON keys (workspace_id, seq);
CREATE INDEX keys_service ON keys (workspace_id, service_id, seq);
CREATE INDEX keys_consumer ON keys (workspace_id, consumer_id, seq);

CREATE TABLE root_keys (
  seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id            TEXT   NOT NULL UNIQUE,
  workspace_id  TEXT   NOT NULL REFERENCES workspaces (id),
  name          TEXT   NOT NULL,
  start         TEXT   NOT NULL,
  permissions   TEXT   NOT NULL,
  expires_at    BIGINT,
  created_at    BIGINT NOT NULL,
  revoked_at    BIGINT,
  revoke_reason TEXT
);
CREATE INDEX root_keys_page ON root_keys (workspace_id, seq);

-- One row, ever: the transaction that inserts it is the one that bootstraps the store.
CREATE TABLE bootstrap (
  id         INTEGER NOT NULL UNIQUE CHECK (id = 1),
  claimed_at BIGINT  NOT NULL
);

-- A secret opens a key or a root key (owner_id); owners are never deleted.
CREATE TABLE secrets (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
  digest       BYTEA  NOT NULL,
  owner_id     TEXT   NOT NULL,
  start        TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  retires_at   BIGINT
);
CREATE UNIQUE INDEX secrets_digest ON secrets (digest);
CREATE INDEX secrets_owner ON secrets (workspace_id, owner_id, seq);

CREATE TABLE audit_events (
  seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id             TEXT   NOT NULL UNIQUE,
  workspace_id   TEXT   NOT NULL REFERENCES workspaces (id),
  occurred_at    BIGINT NOT NULL,
  actor_type     TEXT   NOT NULL,
  actor_id       TEXT   NOT NULL,
  action         TEXT   NOT NULL,
  target_type    TEXT   NOT NULL,
  target_id      TEXT   NOT NULL,
  request_id     TEXT,
  source_address TEXT,
  details        TEXT
);
CREATE INDEX audit_events_page ON audit_events (workspace_id, seq);

-- The change feed: followers read it by seq, which only grows. Appends take the store's write
-- lock and hold it to commit, so records become visible in seq order (see Dialect.POSTGRES).
CREATE TABLE changes (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id TEXT   NOT NULL,
  entity_type  TEXT   NOT NULL,
  entity_id    TEXT   NOT NULL,
  kind         TEXT   NOT NULL,
  changed_at   BIGINT NOT NULL
);
CREATE INDEX changes_workspace ON changes (workspace_id, seq);
CREATE INDEX changes_changed_at ON changes (changed_at);

CREATE TABLE idempotency (
  seq             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id    TEXT    NOT NULL REFERENCES workspaces (id),
  scope           TEXT    NOT NULL,
  idem_key        TEXT    NOT NULL,
  fingerprint     BYTEA   NOT NULL,
  status          INTEGER NOT NULL,
  sealed_response BYTEA   NOT NULL,
  created_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX idempotency_key ON idempotency (workspace_id, scope, idem_key);
CREATE INDEX idempotency_created ON idempotency (created_at);
