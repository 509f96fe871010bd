-- Expiry (issue 8): keys expiring soon. Same indexes in db/migration/sqlite/V11__key_expiry.sql.
-- Numbered 11: V9 and V10 belong to other parts of issue 8.

-- GET /v1/keys?expiring_within=P7D: a workspace's keys by expiry.
CREATE INDEX keys_expiry ON keys (workspace_id, expires_at);

-- The key_expiring job: live keys of every workspace whose expiry is near.
CREATE INDEX keys_expiring ON keys (expires_at) WHERE expires_at IS NOT NULL AND revoked_at IS NULL;

-- The key_expiring job asks whether an alert (open or acknowledged) was already raised for an
-- expiry; alerts_open covers only open ones.
CREATE INDEX alerts_dedup ON alerts (workspace_id, rule, dedup_key);
