-- Alerts, per-rule automatic actions, webhooks and their deliveries (issue 7). PostgreSQL dialect;
-- db/migration/sqlite/V7__alerts_webhooks.sql has the same tables, columns and indexes.

-- An alert: one row per (workspace, rule, dedup key) while open; acknowledging it closes it, and
-- the next occurrence opens a new row. The partial unique index is what deduplicates: raising
-- is an upsert on it.
CREATE TABLE alerts (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              TEXT    NOT NULL UNIQUE,
  workspace_id    TEXT    NOT NULL REFERENCES workspaces (id),
  rule            TEXT    NOT NULL,
  severity        TEXT    NOT NULL,
  subject_type    TEXT    NOT NULL,
  subject_id      TEXT    NOT NULL,
  dedup_key       TEXT    NOT NULL,
  details         TEXT    NOT NULL,
  occurrences     BIGINT NOT NULL,
  first_seen_at   BIGINT NOT NULL,
  last_seen_at    BIGINT NOT NULL,
  acknowledged_at BIGINT,
  acknowledged_by TEXT
);
CREATE UNIQUE INDEX alerts_open ON alerts (workspace_id, rule, dedup_key)
  WHERE acknowledged_at IS NULL;
CREATE INDEX alerts_page ON alerts (workspace_id, seq);

-- What to do, besides alerting, when a rule raises an alert (e.g. disable_key).
CREATE TABLE alert_rules (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
  rule         TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (workspace_id, rule)
);

-- signing_secret holds the secret as the SigningSecretVault sealed it (see docs/alerts.md).
CREATE TABLE webhooks (
  seq                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                        TEXT    NOT NULL UNIQUE,
  workspace_id              TEXT    NOT NULL REFERENCES workspaces (id),
  url                       TEXT    NOT NULL,
  description               TEXT,
  rules                     TEXT    NOT NULL,
  enabled                   BOOLEAN NOT NULL,
  signing_secret            TEXT    NOT NULL,
  previous_signing_secret   TEXT,
  previous_secret_expires_at BIGINT,
  created_at                BIGINT NOT NULL,
  updated_at                BIGINT NOT NULL
);
CREATE INDEX webhooks_page ON webhooks (workspace_id, seq);

-- One event to deliver to one webhook. status: pending, delivered, dead. A node claims a pending
-- delivery by setting claimed_by and claim_expires_at (a lease); another node may take it over
-- once the lease has expired.
CREATE TABLE webhook_deliveries (
  seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id               TEXT    NOT NULL UNIQUE,
  workspace_id     TEXT    NOT NULL REFERENCES workspaces (id),
  webhook_id       TEXT    NOT NULL,
  alert_id         TEXT    NOT NULL,
  event_type       TEXT    NOT NULL,
  payload          TEXT    NOT NULL,
  status           TEXT    NOT NULL,
  attempts         BIGINT NOT NULL,
  next_attempt_at  BIGINT NOT NULL,
  claimed_by       TEXT,
  claim_expires_at BIGINT,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_page ON webhook_deliveries (workspace_id, webhook_id, seq);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

-- The delivery log: one row per attempt.
CREATE TABLE webhook_attempts (
  seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id     TEXT    NOT NULL REFERENCES workspaces (id),
  delivery_id      TEXT    NOT NULL,
  attempt          BIGINT NOT NULL,
  started_at       BIGINT NOT NULL,
  duration_ms      BIGINT NOT NULL,
  address          TEXT,
  status_code      BIGINT,
  error            TEXT,
  response_snippet TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, seq);
