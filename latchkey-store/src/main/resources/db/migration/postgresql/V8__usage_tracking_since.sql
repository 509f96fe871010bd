-- When this store started recording when keys are used (key_last_use, from V6 on): a key made
-- before then and never seen since is idle only from this moment, not from its creation.
CREATE TABLE usage_tracking (
  id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  since BIGINT  NOT NULL
);
INSERT INTO usage_tracking (id, since)
  VALUES (1, CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT));
