-- When a key was last presented. Written at most once a minute per key (not on every request), so
-- it is accurate to about a minute and costs no write per call.
ALTER TABLE api_key ADD COLUMN last_used_at timestamptz;
