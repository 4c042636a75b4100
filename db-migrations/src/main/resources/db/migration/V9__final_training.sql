-- Final training of the front (docs/architecture.md, "Final training of the front"). When the
-- search ends, the best feasible front members are trained again at full fidelity: one row per
-- front member here, beside (not in) its candidate row, whose metrics stay the search-fidelity ones.
-- The row's id is the id its evaluation request and result carry; it goes through the same
-- PENDING -> SUCCEEDED | FAILED life as a candidate (sent_at, attempts, resend on timeout).
-- search_job.phase says what a started job is doing: SEARCH, then FINALIZING (its status stays
-- RUNNING); final_done of final_total front members are finished.
ALTER TABLE search_job ADD COLUMN phase varchar(16) NOT NULL DEFAULT 'SEARCH' CHECK (phase IN ('SEARCH', 'FINALIZING'));
ALTER TABLE search_job ADD COLUMN final_done integer CHECK (final_done >= 0);
ALTER TABLE search_job ADD COLUMN final_total integer CHECK (final_total >= 0);

CREATE TABLE final_training (
    id              uuid PRIMARY KEY,
    job_id          uuid NOT NULL REFERENCES search_job (id) ON DELETE CASCADE,
    candidate_id    uuid NOT NULL REFERENCES candidate (id) ON DELETE CASCADE,
    -- 1 = the most accurate (validation, search fidelity) feasible front member
    rank            integer NOT NULL CHECK (rank >= 1),
    status          varchar(16) NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    metrics         jsonb,
    accuracy        double precision CHECK (accuracy BETWEEN 0 AND 1),
    test_accuracy   double precision CHECK (test_accuracy BETWEEN 0 AND 1),
    latency_ms      double precision CHECK (latency_ms >= 0),
    model_bytes     bigint CHECK (model_bytes >= 0),
    feasible        boolean,
    attempts        integer NOT NULL DEFAULT 1,
    failure_reason  text,
    artifact_id     uuid REFERENCES artifact (id),
    djl_artifact_id uuid REFERENCES artifact (id),
    evaluator_id    varchar(200),
    training_curve  jsonb,
    timings         jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    finished_at     timestamptz,
    -- a front member is trained finally once per job
    CONSTRAINT final_training_once UNIQUE (candidate_id)
);
CREATE INDEX final_training_job_idx ON final_training (job_id, rank);
