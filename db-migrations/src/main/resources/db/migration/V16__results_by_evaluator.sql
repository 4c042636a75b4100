-- A worker asks, every few seconds while a job waits, when a live evaluator last delivered a result
-- (the queue is moving: a request without a result is waiting its turn, not lost). These indexes
-- answer that from the newest rows of the few live evaluators instead of a scan of every result.
CREATE INDEX candidate_evaluator_finished ON candidate (evaluator_id, finished_at);
CREATE INDEX final_training_evaluator_finished ON final_training (evaluator_id, finished_at);
