-- The training behind a final training's metrics as the evaluator reported it
-- (dev.sculptor.core.messaging.FidelityRun as JSON): epochs run and, above all, its note, e.g. a
-- training that diverged after its best epoch and ended there with that epoch's weights. Null for
-- rows from before this column and for results without one.
ALTER TABLE final_training ADD COLUMN fidelity_run jsonb;
