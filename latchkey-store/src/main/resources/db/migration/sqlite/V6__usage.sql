-- Usage per key (issue 7): verification counts by key, service, outcome and period, and the last
-- use of each key. Kept identical to the other dialect's V6__usage.sql but for the types.

-- One row per workspace, granularity ('m' minute, 'h' hour, 'd' day), period start (epoch
-- milliseconds, aligned to the granularity in UTC), key, service and outcome code. key_id and
-- service_id are '' for verifications that named no key of the workspace (MALFORMED, NOT_FOUND).
-- Nodes flush minute rows by adding to count (INSERT … ON CONFLICT DO UPDATE SET count = count +
-- excluded.count); the rollup job rewrites hour and day rows as sums of the finer rows.
CREATE TABLE usage_counts (
  granularity  TEXT    NOT NULL,
  bucket_start INTEGER  NOT NULL,
  workspace_id TEXT    NOT NULL,
  key_id       TEXT    NOT NULL,
  service_id   TEXT    NOT NULL,
  outcome      TEXT    NOT NULL,
  count        INTEGER  NOT NULL,
  PRIMARY KEY (granularity, bucket_start, workspace_id, key_id, service_id, outcome)
);
CREATE INDEX usage_counts_key ON usage_counts (workspace_id, key_id, granularity, bucket_start);
CREATE INDEX usage_counts_service
  ON usage_counts (workspace_id, service_id, granularity, bucket_start);

-- The last verification of each key: when, and from which client address (an IP literal or NULL).
-- Apart from keys, so that the hot lookup of a key by digest and the key's own row are not
-- rewritten every second a key is used.
CREATE TABLE key_last_use (
  key_id       TEXT    PRIMARY KEY,
  workspace_id TEXT    NOT NULL,
  last_used_at INTEGER  NOT NULL,
  last_address TEXT
);

-- One row: who last ran the rollup job and when; its row lock serialises the job across nodes.
CREATE TABLE usage_rollup (
  id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  ran_at    INTEGER  NOT NULL
);
INSERT INTO usage_rollup (id, ran_at) VALUES (1, 0);
