-- Time a job spent paused as WAITING_FOR_DEVICE (docs/architecture.md, "Latency true to the
-- target"): its wall-clock budget counts only the time it could run. device_wait_seconds sums the
-- pauses that ended; device_wait_since is when the current pause began (null while running).
ALTER TABLE search_job ADD COLUMN device_wait_seconds bigint NOT NULL DEFAULT 0;
ALTER TABLE search_job ADD COLUMN device_wait_since timestamptz;
