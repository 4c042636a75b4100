package dev.sculptor.worker.search;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.FinalTraining;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The job's final phase (FINALIZING): its {@code finalTraining.candidates} most accurate feasible
 * front members are trained again at full fidelity by the evaluators and re-measured, into
 * final_training rows beside their candidates (whose search-fidelity metrics, front and hypervolume
 * stay as the search left them). Resumable: the chosen members are stored before anything is sent,
 * a resumed job takes the stored ones and sends only what was never answered.
 */
final class FinalPhase {
  private static final Duration POLL = Duration.ofMillis(250);

  enum Outcome {
    /** Every chosen member has a final result (succeeded or failed). */
    DONE,
    /** The owner cancelled the job. */
    CANCELLED,
    /** This worker lost the job (lease, shutdown): another one goes on with it. */
    STOPPED
  }

  private final UUID jobId;
  private final JobSpec spec;
  private final Evaluations evaluations;
  private final ResultArrivals arrivals;
  private final JobProgressStore progress;
  private final BooleanSupplier leaseHeld;

  FinalPhase(
      UUID jobId,
      JobSpec spec,
      Evaluations evaluations,
      ResultArrivals arrivals,
      JobProgressStore progress,
      BooleanSupplier leaseHeld) {
    this.jobId = jobId;
    this.spec = spec;
    this.evaluations = evaluations;
    this.arrivals = arrivals;
    this.progress = progress;
    this.leaseHeld = leaseHeld;
  }

  /**
   * The members the final phase trains: feasible members of the search's front, most accurate (on
   * validation, at search fidelity) first, ties by fingerprint; at most {@code
   * finalTraining.candidates}.
   */
  static List<Candidate> choose(JobSpec spec, List<Candidate> rows) {
    return FrontSummary.of(spec, rows).front().stream()
        .filter(c -> Boolean.TRUE.equals(c.feasible))
        .sorted(
            Comparator.comparing((Candidate c) -> c.accuracy == null ? 0 : c.accuracy)
                .reversed()
                .thenComparing(c -> c.fingerprint))
        .limit(Math.max(0, spec.finalTraining().candidates()))
        .toList();
  }

  Outcome run() {
    List<FinalTraining> rows = evaluations.finalRows(jobId);
    if (rows.isEmpty()) {
      List<Candidate> chosen = choose(spec, evaluations.rows(jobId));
      progress.finalizing(
          jobId,
          0,
          chosen.size(),
          chosen.isEmpty()
              ? "final phase: no feasible front member to train"
              : "final phase: training the "
                  + chosen.size()
                  + " best feasible front member(s) at full fidelity");
      if (chosen.isEmpty()) return Outcome.DONE;
      rows = evaluations.startFinal(jobId, spec, chosen);
    } else {
      // a resumed job: what the dead worker stored but never sent goes out now
      evaluations.resendStaleFinal(jobId, spec);
    }
    int total = rows.size();
    int lastDone = -1;
    Instant lastResend = Instant.now();
    while (true) {
      if (!leaseHeld.getAsBoolean()) return Outcome.STOPPED;
      if (progress.cancelRequested(jobId)) return Outcome.CANCELLED;
      long mark = arrivals.mark();
      int done =
          (int)
              evaluations.finalRows(jobId).stream()
                  .filter(f -> f.status != CandidateStatus.PENDING)
                  .count();
      if (done != lastDone) {
        progress.finalizing(jobId, done, total, done == total ? "final phase done" : null);
        lastDone = done;
      }
      if (done >= total) return Outcome.DONE;
      if (Duration.between(lastResend, Instant.now()).toSeconds() >= 5) {
        evaluations.resendStaleFinal(jobId, spec);
        lastResend = Instant.now();
      }
      try {
        arrivals.awaitAfter(mark, POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.STOPPED;
      }
    }
  }
}
