-- The tamper-evident audit log (docs/audit.md): each event is a link of its workspace's hash
-- chain. Events from before this migration are chained by V5_1 (a Java migration), in seq order.
ALTER TABLE audit_events ADD COLUMN position BIGINT;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_events_chain ON audit_events (workspace_id, position);
CREATE INDEX audit_events_actor ON audit_events (workspace_id, actor_id, seq);
CREATE INDEX audit_events_target ON audit_events (workspace_id, target_id, seq);

-- The last link of each workspace's chain. An append locks and rewrites this row (FOR UPDATE, in
-- its own transaction), so concurrent appends to one workspace, from any node, take turns and
-- never fork the chain.
CREATE TABLE audit_chain_heads (
  workspace_id TEXT   PRIMARY KEY REFERENCES workspaces (id),
  position     BIGINT NOT NULL,
  hash         TEXT   NOT NULL
);
