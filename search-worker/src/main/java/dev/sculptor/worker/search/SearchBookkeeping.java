package dev.sculptor.worker.search;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.strategy.HypervolumePlateau;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A search's bookkeeping: the job's progress while a generation is out; after each generation its
 * front and hypervolume, the policy's mean reward and state (history, checkpoint and events,
 * written by {@link JobProgressStore}); and the early-stop watch.
 */
final class SearchBookkeeping {
  private final UUID jobId;
  private final JobSpec spec;
  private final Instant startedAt;
  private final JobProgressStore progress;
  private final HypervolumePlateau plateau;

  SearchBookkeeping(UUID jobId, JobSpec spec, Instant startedAt, JobProgressStore progress) {
    this.jobId = jobId;
    this.spec = spec;
    this.startedAt = startedAt;
    this.progress = progress;
    this.plateau = new HypervolumePlateau(spec.budget().plateauGenerations());
  }

  /** More results are in while generation {@code generation} (those done so far) is out. */
  void resultsIn(int generation, List<Candidate> rows) {
    progress.update(jobId, generation, spec, rows, startedAt);
  }

  /**
   * Generation {@code generation} (counted from 1) is done; {@code policyReward} and {@code policy}
   * are null without a policy.
   */
  void generationDone(
      int generation, List<Candidate> rows, Double policyReward, PruningPolicy.State policy) {
    if (spec.budget().plateauGenerations()
        != null) { // early stop is off unless asked for: skip the extra front
      // only this generation and earlier ones: a resumed job replaying its generations sees the
      // same
      // hypervolumes as the first run did, not those of rows stored after them
      plateau.observe(
          FrontSummary.of(spec, rows.stream().filter(c -> c.generation < generation).toList())
              .hypervolume());
    }
    progress.recordGeneration(jobId, generation, spec, rows, startedAt, policyReward, policy);
  }

  boolean plateaued() {
    return plateau.reached();
  }

  /** Why the search stopped before its budget, if it stopped early on a hypervolume plateau. */
  Optional<String> stoppedEarly() {
    return plateau.reached() ? Optional.of(plateau.reason()) : Optional.empty();
  }

  Objectives objectives(Candidate c) {
    return FrontSummary.objectives(spec, c);
  }
}
