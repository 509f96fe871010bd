-- Usage limits (issue 5): rate limits and credit policies of keys and consumers, and the credit
-- balances verification spends.
-- Kept identical to db/migration/sqlite/V3__usage_limits.sql but for the types.

-- limits: JSON array of rate limits, `[{"name":"requests","limit":100,"period":"PT1S"}]`.
-- credits: the credit policy as JSON, `{"refill":{"amount":1000,"interval":"P1D"}}` (or
-- `"day_of_month":1` instead of `interval`), `{}` for credits without refill; NULL for no
-- credits (unlimited). The balance itself lives in credit_balances.
ALTER TABLE keys ADD COLUMN limits TEXT NOT NULL DEFAULT '[]';
ALTER TABLE keys ADD COLUMN credits TEXT;
ALTER TABLE consumers ADD COLUMN limits TEXT NOT NULL DEFAULT '[]';
ALTER TABLE consumers ADD COLUMN credits TEXT;

-- One row per key or consumer (owner_id) whose credits column is set. refilled_at is the last
-- refill boundary applied (epoch milliseconds); refills are applied lazily by the next spend or
-- read. Spends lock the rows they take from in owner_id order.
CREATE TABLE credit_balances (
  workspace_id TEXT    NOT NULL,
  owner_id     TEXT    NOT NULL,
  remaining    BIGINT  NOT NULL,
  refilled_at  BIGINT  NOT NULL,
  PRIMARY KEY (workspace_id, owner_id)
);
