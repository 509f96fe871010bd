-- The refill policy of a credit balance is stored with the balance (security review M4): a spend
-- applies the policy it reads under the row lock, never one a verifier cached before a PATCH
-- changed it. The policy is the same JSON as the owner's credits column (keys.credits or
-- consumers.credits): `{"refill":{"amount":1000,"interval":"P1D"}}`, or `{}` for none. The mutation
-- that changes an owner's credits writes both in one transaction.
-- Kept identical to db/migration/postgresql/V4__credit_policy_with_balance.sql.
ALTER TABLE credit_balances ADD COLUMN policy TEXT NOT NULL DEFAULT '{}';

UPDATE credit_balances SET policy = COALESCE(
  (SELECT k.credits FROM keys k
   WHERE k.workspace_id = credit_balances.workspace_id AND k.id = credit_balances.owner_id),
  (SELECT c.credits FROM consumers c
   WHERE c.workspace_id = credit_balances.workspace_id AND c.id = credit_balances.owner_id),
  '{}');
