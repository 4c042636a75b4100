-- Job writes are fenced by the lease: every claim starts a new epoch, and a worker writes a job
-- only while the row still names it and its epoch. The version column lets Hibernate refuse a
-- write based on a stale read (a cancel the worker did not see, say).
ALTER TABLE search_job ADD COLUMN lease_epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE search_job ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- Outbox rows are retried with backoff; a row that keeps failing for a reason retrying cannot
-- cure is parked with that reason instead of blocking the rows behind it.
ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE outbox ADD COLUMN last_error text;
ALTER TABLE outbox ADD COLUMN parked_at timestamptz;
DROP INDEX outbox_unpublished_idx;
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
