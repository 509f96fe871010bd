-- Sinks, rotation policies, rotation runs and one-time links (issue 8). SQLite dialect;
-- db/migration/postgresql/V9__rotation.sql has the same tables, columns and indexes.

-- A place where keys' secrets are delivered. settings is plain JSON; credentials is JSON sealed by
-- the server's Sealer (envelope encryption under the key-encryption key), null when none.
CREATE TABLE sinks (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT    NOT NULL UNIQUE,
  workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
  name         TEXT    NOT NULL,
  type         TEXT    NOT NULL,
  settings     TEXT    NOT NULL,
  credentials  TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  UNIQUE (workspace_id, name)
);
CREATE INDEX sinks_page ON sinks (workspace_id, seq);

-- A rotation policy on a service (the default of its keys) or on one key (which overrides it).
-- Durations are milliseconds; max_age and rotate_before_expiry may be null, not both.
CREATE TABLE rotation_policies (
  seq                     INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id            TEXT    NOT NULL REFERENCES workspaces (id),
  target_type             TEXT    NOT NULL,
  target_id               TEXT    NOT NULL,
  max_age_ms              INTEGER,
  rotate_before_expiry_ms INTEGER,
  grace_period_ms         INTEGER NOT NULL,
  sink_id                 TEXT,
  updated_at              INTEGER NOT NULL,
  UNIQUE (workspace_id, target_type, target_id)
);
CREATE INDEX rotation_policies_sink ON rotation_policies (workspace_id, sink_id);

-- One rotation of one key, from due to done. While status is 'pending' a node may hold it by a
-- lease (claimed_by, claim_expires_at); pending_digest is the secret of the attempt in flight,
-- which a node that takes over a crashed attempt retires after the grace period (it may have
-- reached the sink). At most one pending rotation per key: the partial unique index.
CREATE TABLE rotations (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT    NOT NULL UNIQUE,
  workspace_id     TEXT    NOT NULL REFERENCES workspaces (id),
  key_id           TEXT    NOT NULL,
  reason           TEXT    NOT NULL,
  status           TEXT    NOT NULL,
  sink_id          TEXT,
  grace_period_ms  INTEGER NOT NULL,
  attempts         INTEGER NOT NULL,
  next_attempt_at  INTEGER NOT NULL,
  claimed_by       TEXT,
  claim_expires_at INTEGER,
  pending_digest   BLOB,
  last_error       TEXT,
  location         TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  completed_at     INTEGER
);
CREATE UNIQUE INDEX rotations_pending ON rotations (key_id) WHERE status = 'pending';
CREATE INDEX rotations_due ON rotations (status, next_attempt_at);
CREATE INDEX rotations_key ON rotations (workspace_id, key_id, seq);

-- A one-time link: a secret sealed until its first fetch, then forgotten. token_digest is the
-- SHA-256 of the link's token; the token itself is never stored.
CREATE TABLE one_time_links (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT    NOT NULL UNIQUE,
  workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
  key_id        TEXT    NOT NULL,
  token_digest  BLOB    NOT NULL UNIQUE,
  sealed_secret TEXT,
  expires_at    INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  fetched_at    INTEGER,
  fetched_from  TEXT
);
CREATE INDEX one_time_links_expiry ON one_time_links (expires_at);
