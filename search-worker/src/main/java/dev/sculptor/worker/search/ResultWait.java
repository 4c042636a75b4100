package dev.sculptor.worker.search;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Waiting for a generation's results. Results are written into the candidate rows by whichever
 * worker consumes them, so this waits on the rows: woken at once when this worker stores one
 * ({@link ResultArrivals}), polling for those other workers store. While it waits it sends again
 * what got no result in time, and a job measured on its target pauses as WAITING_FOR_DEVICE while
 * no evaluator of the target is live.
 */
final class ResultWait {
  private static final Duration POLL = Duration.ofMillis(250);

  private final UUID jobId;
  private final JobSpec spec;
  private final Evaluations evaluations;
  private final ResultArrivals arrivals;
  private final JobProgressStore progress;
  private final BooleanSupplier leaseHeld;

  /**
   * MEASURED: every latency is measured on the job's target, so the search pauses while none of its
   * evaluators is live.
   */
  private final boolean measuredOnTarget;

  private boolean waitingForDevice;
  private Instant lastDeviceCheck = Instant.EPOCH;

  /**
   * What came back: the rows of the awaited candidates that have a result, and whether the wait was
   * interrupted.
   */
  record Arrived(Map<UUID, Candidate> done, boolean interrupted) {}

  ResultWait(
      UUID jobId,
      JobSpec spec,
      Evaluations evaluations,
      ResultArrivals arrivals,
      JobProgressStore progress,
      BooleanSupplier leaseHeld,
      MetricSource.Kind latencySource,
      boolean waitingForDevice) {
    this.jobId = jobId;
    this.spec = spec;
    this.evaluations = evaluations;
    this.arrivals = arrivals;
    this.progress = progress;
    this.leaseHeld = leaseHeld;
    this.measuredOnTarget = latencySource == MetricSource.Kind.MEASURED;
    this.waitingForDevice = waitingForDevice;
    // a resumed job: what the dead worker stored but never sent goes out now, not at the next
    // resend check
    evaluations.resendStale(jobId, spec);
  }

  /**
   * Waits until each of these candidates has a result, the job's owner cancels it or this worker
   * loses its lease; {@code resultsIn} gets the job's rows whenever more results are in.
   */
  Arrived await(Collection<UUID> ids, Consumer<List<Candidate>> resultsIn) {
    Map<UUID, Candidate> done = new LinkedHashMap<>();
    Instant lastResend = Instant.now();
    int lastCount = -1;
    while (true) {
      long mark = arrivals.mark(); // taken before reading the rows, so no result slips between
      List<Candidate> rows = evaluations.rows(jobId);
      for (Candidate c : rows) {
        if (ids.contains(c.id) && c.status != CandidateStatus.PENDING) done.put(c.id, c);
      }
      if (done.size() != lastCount) {
        lastCount = done.size();
        resultsIn.accept(rows);
      }
      if (done.size() >= ids.size() || progress.cancelRequested(jobId) || !leaseHeld.getAsBoolean())
        return new Arrived(done, false);
      watchDevice();
      // while the device is away nothing is sent again: its requests wait for it on its topic
      if (!waitingForDevice && Duration.between(lastResend, Instant.now()).toSeconds() >= 5) {
        evaluations.resendStale(jobId, spec);
        lastResend = Instant.now();
      }
      try {
        // results land in the database from another thread (woken at once) or another worker
        // (polled)
        arrivals.awaitAfter(mark, POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Arrived(done, true);
      }
    }
  }

  /**
   * A job measured on its target pauses as WAITING_FOR_DEVICE once no evaluator of the target is
   * live (its heartbeats stopped for the live window), or only time-only ones whose candidates have
   * no live evaluator to train on, instead of sending candidates to another machine, and runs on
   * when one is back: the timeouts of requests sent before the pause count from then.
   */
  private void watchDevice() {
    if (!measuredOnTarget || Duration.between(lastDeviceCheck, Instant.now()).toSeconds() < 2)
      return;
    lastDeviceCheck = Instant.now();
    Optional<String> wait = evaluations.deviceWait(spec.hardwareTarget());
    boolean live = wait.isEmpty();
    if (live == !waitingForDevice) return;
    waitingForDevice = !live;
    if (live) evaluations.restartTimeouts(jobId);
    progress.deviceState(
        jobId,
        waitingForDevice,
        waitingForDevice
            ? wait.get()
                + ": waiting; this job's latencies are measured on "
                + spec.hardwareTarget()
                + " only"
            : "a " + spec.hardwareTarget() + " evaluator is back: running");
  }
}
