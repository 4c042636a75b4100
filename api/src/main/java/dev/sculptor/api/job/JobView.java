package dev.sculptor.api.job;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.store.job.SearchJob;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A job as the API shows it: the spec with defaults filled in, status and progress. */
@Schema(name = "Job")
public record JobView(
    UUID id,
    @Schema(example = "digits under 10MB / 50ms on ARM") String name,
    @Schema(
            description =
                "QUEUED, RUNNING, WAITING_FOR_DEVICE (paused: it measures on hardwareTarget and no"
                    + " evaluator of it is live; resumes when one is back), SUCCEEDED, FAILED or"
                    + " CANCELLED")
        JobStatus status,
    @Schema(
            example =
                "the live arm-cortex-a72 evaluators only time (their candidates train on host-cpu),"
                    + " and no evaluator that trains is live on host-cpu",
            description =
                "While WAITING_FOR_DEVICE, what it waits for, as of this answer: no evaluator of"
                    + " hardwareTarget is live, or only ones that time and whose training target"
                    + " has no live evaluator that trains; null in every other status")
        String waitingFor,
    @Schema(example = "arm-cortex-a72") String hardwareTarget,
    @Schema(example = "mnist-10k") String dataset,
    @Schema(example = "genetic") String strategy,
    JobSpec spec,
    Progress progress,
    @Schema(
            description =
                "Why the job ended as it did: the failure, the cancellation, or a successful"
                    + " search's early stop")
        String failureReason,
    boolean cancelRequested,
    @Schema(
            description =
                "Where this job's latencies come from, decided when it started and the same for"
                    + " every candidate: MEASURED on hardwareTarget's evaluators, or PREDICTED for"
                    + " hardwareTarget by its latency model (accuracy and size measured on"
                    + " whichever evaluator was live); null until the job starts")
        MetricSource.Kind latencySource,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /** How far the search has come. ETA is an estimate from the evaluation rate so far. */
  public record Progress(
      int generation,
      @Schema(description = "Candidates evaluated so far") int evaluated,
      @Schema(description = "Candidates the budget allows") int budget,
      @Schema(description = "Best validation accuracy among candidates that meet every constraint")
          Double bestFeasibleAccuracy,
      @Schema(
              description =
                  "Hypervolume of the current front over the job's objectives (an area with two,"
                      + " a volume with three), each scaled to [0, 1] as a cost: 1 - accuracy,"
                      + " and value / reference for the others, the reference being the job's"
                      + " limit on that axis or 1.1x the worst evaluated value; 1 is the ideal")
          Double hypervolume,
      @Schema(description = "Estimated seconds left") Long etaSeconds,
      @Schema(
              example = "FINALIZING",
              description =
                  "SEARCH, then FINALIZING while the best feasible front members are trained again"
                      + " at full fidelity (finalTraining in the spec; status stays RUNNING). A"
                      + " finished job keeps the last phase it reached")
          dev.sculptor.core.job.JobPhase phase,
      @Schema(
              description =
                  "Final trainings finished so far (succeeded or failed); null before the final"
                      + " phase")
          Integer finalDone,
      @Schema(description = "Front members the final phase trains; null before it")
          Integer finalTotal) {}

  /** {@code waitingFor}: what a job WAITING_FOR_DEVICE waits for; null for any other. */
  static JobView of(SearchJob job, String waitingFor) {
    return new JobView(
        job.id,
        job.name,
        job.status,
        waitingFor,
        job.hardwareTarget,
        job.dataset,
        job.strategy,
        Json.read(job.spec, JobSpec.class),
        new Progress(
            job.generation,
            job.evaluated,
            job.maxCandidates,
            job.bestFeasibleAccuracy,
            job.hypervolume,
            job.etaSeconds,
            job.phase,
            job.finalDone,
            job.finalTotal),
        job.failureReason,
        job.cancelRequested,
        job.latencySource,
        job.createdAt,
        job.startedAt,
        job.finishedAt);
  }
}
