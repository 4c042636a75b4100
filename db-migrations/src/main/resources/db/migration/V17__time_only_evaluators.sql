-- A time-only evaluator (a device that cannot train) names, in its heartbeats, the target whose
-- evaluators train its candidates; null for an evaluator that trains them itself.
ALTER TABLE evaluator ADD COLUMN trains_on text;
