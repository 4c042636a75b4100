-- Multi-fidelity (docs/architecture.md, "Multi-fidelity"): under successive halving a candidate is
-- first trained for a short budget; the most promising of its generation are continued, from their
-- evaluator checkpoint, to the job's full epochs in the same row (same id, next attempt).
-- fidelity_epochs: the epochs the row's latest request trains to (null: the job's fidelity.epochs,
-- as for every row before this migration).
-- earlier_stage: set when the row was continued, the first stage's result as it stood (epochs,
-- attempts, metrics, artifacts), so nothing is lost when the continued stage replaces it, and a
-- continued stage that fails leaves the first stage's result in place.
-- fidelity_run: the training the evaluator reports behind the row's metrics (epochs run, total,
-- resumed from which checkpoint, or why it trained from scratch).
-- V11, not V10: another change takes V10.
ALTER TABLE candidate ADD COLUMN fidelity_epochs integer CHECK (fidelity_epochs >= 1);
ALTER TABLE candidate ADD COLUMN earlier_stage jsonb;
ALTER TABLE candidate ADD COLUMN fidelity_run jsonb;
