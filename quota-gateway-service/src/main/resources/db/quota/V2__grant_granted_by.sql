-- Who granted credits: the admin token's user (its sub) for admin grants; NULL for grants the
-- ledger makes itself (auto-recharge) and for grants made before this column existed.
ALTER TABLE credit_grants ADD COLUMN granted_by varchar(256);
