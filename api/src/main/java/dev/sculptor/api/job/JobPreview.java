package dev.sculptor.api.job;

import dev.sculptor.core.job.BudgetEstimate;
import dev.sculptor.core.job.DeviceRule;
import dev.sculptor.core.job.JobSpec;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a job spec would mean if it were submitted now: nothing is stored. */
@Schema(name = "JobPreview")
public record JobPreview(
    @Schema(
            description =
                "The spec as the API reads it: every default filled in, sizes in bytes and latency"
                    + " in milliseconds")
        JobSpec spec,
    @Schema(
            description =
                "The budget, estimated: candidates the budget allows (fewer than maxCandidates when"
                    + " generations or the wall clock end the search first), population size and"
                    + " generations, training examples and epochs per candidate, candidate-epochs"
                    + " (maxCandidates × epochs per candidate), evaluators in parallel, seconds per"
                    + " candidate and in all (at most the wall-clock limit), and whether the wall"
                    + " clock ends the search first. Fitted to candidates measured on a small"
                    + " development machine: the real time depends on the architectures found and"
                    + " the evaluators' hardware")
        BudgetEstimate estimate,
    @Schema(
            description =
                "The most candidate-epochs one job may ask for"
                    + " (sculptor.quota.candidate-epochs-per-job)")
        long candidateEpochsQuota,
    Latency latency,
    @Schema(description = "What the person submitting should know; empty when nothing stands out")
        List<Warning> warnings) {

  public JobPreview {
    warnings = List.copyOf(warnings);
  }

  /** Where the job's latencies would come from if it started now ({@link DeviceRule}). */
  @Schema(name = "JobPreviewLatency")
  public record Latency(
      @Schema(
              description =
                  "MEASURED on an evaluator of the target; PREDICTED by the target's latency model"
                      + " (accuracy and size measured on another evaluator); WAIT: the job stays"
                      + " queued until an evaluator of the target is attached",
              enumeration = {"MEASURED", "PREDICTED", "WAIT"})
          DeviceRule.Outcome plan,
      @Schema(example = "arm-cortex-a72") String hardwareTarget,
      @Schema(
              description =
                  "The target's live evaluators, each by its CPU model (or host when it reports"
                      + " none), and for a time-only one the target its candidates train on")
          List<String> evaluators,
      @Schema(
              description =
                  "The target's latency model's median error on held-out networks, in percent; null"
                      + " without a model")
          Double predictionErrorPercent) {

    public Latency {
      evaluators = List.copyOf(evaluators);
    }
  }

  /** One thing worth knowing before submitting, tied to the field it concerns. */
  @Schema(name = "JobPreviewWarning")
  public record Warning(
      @Schema(example = "wall-clock-ends-search") String code,
      @Schema(example = "budget.maxWallClockMinutes") String field,
      String message) {}
}
