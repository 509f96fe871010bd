-- When this store started recording when keys are used (key_last_use, from V6 on): a key made
-- before then and never seen since is idle only from this moment, not from its creation.
CREATE TABLE usage_tracking (
  id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  since INTEGER NOT NULL
);
INSERT INTO usage_tracking (id, since)
  VALUES (1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
