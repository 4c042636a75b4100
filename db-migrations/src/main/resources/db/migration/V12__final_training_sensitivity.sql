-- Per-layer sensitivity of a final training's network (docs/architecture.md, "Sensitivity
-- analysis"): accuracy after pruning each prunable layer alone at each ratio, or quantising its
-- weights alone to int8, on a fixed validation sample, no fine-tuning. The
-- dev.sculptor.core.metrics.Sensitivity record as JSON; null for rows from before the analysis and
-- for failed trainings.
ALTER TABLE final_training ADD COLUMN sensitivity jsonb;
