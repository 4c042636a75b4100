-- Free constraint checks (docs/architecture.md, "Candidate statuses"). A candidate whose computed
-- size (a lower bound), parameters, MACs or peak memory already miss a limit of the job is never
-- sent: its row is stored as INFEASIBLE with the computed numbers in metrics (labelled computed),
-- the missed limits in failure_reason, feasible false and attempts 0. It does not count against the
-- job's budget. Final trainings never take the status, so their constraint stays as it is.
ALTER TABLE candidate DROP CONSTRAINT candidate_status_check;
ALTER TABLE candidate ADD CONSTRAINT candidate_status_check
    CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'INFEASIBLE'));
