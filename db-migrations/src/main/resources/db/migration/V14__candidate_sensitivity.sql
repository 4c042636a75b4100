-- Sensitivity analysis of any evaluated candidate, on request (docs/architecture.md, "Sensitivity
-- analysis"): the owner asks for it through the api, which writes this row and the
-- SensitivityRequested message (outbox) in one transaction; a worker sends the analysis to the
-- candidate's evaluators and stores their answer here, whether or not the job still runs.
-- A table of its own, not columns of candidate: the search rewrites its candidate rows whole, and
-- must never overwrite a request made meanwhile.
-- request_id: the id the evaluation request and result carry (a failed analysis asked for again gets
-- a new one, so a late answer to the old request is not taken for the new).
-- sensitivity: the dev.sculptor.core.metrics.Sensitivity record as JSON once DONE.
CREATE TABLE candidate_sensitivity (
    candidate_id   uuid PRIMARY KEY REFERENCES candidate (id) ON DELETE CASCADE,
    job_id         uuid NOT NULL REFERENCES search_job (id) ON DELETE CASCADE,
    request_id     uuid NOT NULL UNIQUE,
    status         varchar(16) NOT NULL CHECK (status IN ('REQUESTED', 'DONE', 'FAILED')),
    requested_at   timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    finished_at    timestamptz,
    sensitivity    jsonb,
    failure_reason text,
    evaluator_id   varchar(200)
);
CREATE INDEX candidate_sensitivity_job_idx ON candidate_sensitivity (job_id);
