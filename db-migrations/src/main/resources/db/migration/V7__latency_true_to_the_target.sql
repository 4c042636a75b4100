-- Latency true to the job's hardware (docs/architecture.md, "Where numbers come from").
-- A job that measures on its target's evaluators pauses as WAITING_FOR_DEVICE while none is live
-- (18 characters: the column grows), and records once, when it starts, where its latencies come
-- from: MEASURED on the target, or PREDICTED for it by the target's latency model. NULL until then.
ALTER TABLE search_job DROP CONSTRAINT search_job_status_check;
ALTER TABLE search_job ALTER COLUMN status TYPE varchar(24);
ALTER TABLE search_job ADD CONSTRAINT search_job_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'WAITING_FOR_DEVICE', 'SUCCEEDED', 'FAILED', 'CANCELLED'));
ALTER TABLE search_job ADD COLUMN latency_source varchar(16) CHECK (latency_source IN ('MEASURED', 'PREDICTED'));
DROP INDEX search_job_status_idx;
CREATE INDEX search_job_status_idx ON search_job (status) WHERE status IN ('QUEUED', 'RUNNING', 'WAITING_FOR_DEVICE');

-- What an evaluator says it runs on (its heartbeats): CPU model from /proc/cpuinfo, architecture,
-- intra-op threads it times with, the runtime that times latency, the evaluator's version. NULL for
-- evaluators older than these fields.
ALTER TABLE evaluator ADD COLUMN cpu_model text;
ALTER TABLE evaluator ADD COLUMN architecture varchar(64);
ALTER TABLE evaluator ADD COLUMN threads integer CHECK (threads > 0);
ALTER TABLE evaluator ADD COLUMN runtime text;
ALTER TABLE evaluator ADD COLUMN version varchar(64);
