package dev.sculptor.worker.search;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.messaging.consumer.FailureKind;
import dev.sculptor.messaging.consumer.Failures;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.worker.WorkerSettings;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import dev.sculptor.worker.intake.JobCancels;
import dev.sculptor.worker.lease.JobLeases;
import dev.sculptor.worker.lease.LeaseLost;
import dev.sculptor.worker.strategy.SearchStrategy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs the jobs this worker claimed, each on a thread of its own, renewing their leases. A job that
 * was running elsewhere when that worker died is resumed here (see {@link SearchRun}).
 */
@ApplicationScoped
public class JobRunner {
  private static final Logger LOG = Logger.getLogger(JobRunner.class);
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  @Inject JobLeases leases;
  @Inject SearchJobRepository jobs;
  @Inject Evaluations evaluations;
  @Inject ResultArrivals arrivals;
  @Inject JobProgressStore progress;
  @Inject JobCancels cancels;

  private final Semaphore slots;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<UUID, AtomicBoolean> running = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  @Inject
  public JobRunner(WorkerSettings settings) {
    this(settings.maxConcurrentJobs());
  }

  JobRunner(int maxJobs) {
    this.slots = new Semaphore(maxJobs);
  }

  /** Whether this worker runs the job now. */
  public boolean runs(UUID jobId) {
    return running.containsKey(jobId);
  }

  /**
   * Claims the job and runs it in the background; false if it is taken, finished or we are full.
   */
  public boolean tryStart(UUID jobId) {
    if (stopping || running.containsKey(jobId) || !slots.tryAcquire()) return false;
    AtomicBoolean held = new AtomicBoolean(true);
    boolean started = false;
    try {
      if (running.putIfAbsent(jobId, held) != null || !leases.claim(jobId)) return false;
      threads.submit(
          () -> {
            try {
              runUntilDone(jobId, held);
            } finally {
              leases.forget(jobId);
              cancels.forget(jobId);
              running.remove(jobId);
              slots.release();
            }
          });
      started = true;
      return true;
    } finally {
      // a claim that failed (the database is away, say) gives back what it took
      if (!started) {
        running.remove(jobId, held);
        slots.release();
      }
    }
  }

  /**
   * Runs the job; when the database or the broker fails under it, waits and runs it again (a
   * replay: nothing stored is evaluated twice) for as long as this worker holds the lease.
   */
  private void runUntilDone(UUID jobId, AtomicBoolean held) {
    Duration pause = FIRST_PAUSE;
    while (held.get() && !stopping) {
      try {
        run(jobId, held);
        return;
      } catch (LeaseLost e) {
        LOG.warnf("lost the lease of job %s; another worker goes on with it", jobId);
        return;
      } catch (RuntimeException e) {
        if (Failures.classify(e) != FailureKind.INFRASTRUCTURE) {
          LOG.errorf(e, "job %s failed", jobId);
          failQuietly(jobId, held, "search failed: " + e.getMessage());
          return;
        }
        LOG.warnf(
            "job %s: %s; trying again in %d s (the job stays RUNNING)",
            jobId, e.getMessage(), pause.toSeconds());
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pause =
          pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
              ? LONGEST_PAUSE
              : pause.multipliedBy(2);
    }
  }

  private void failQuietly(UUID jobId, AtomicBoolean held, String reason) {
    try {
      if (held.get()) progress.finish(jobId, JobStatus.FAILED, reason);
    } catch (RuntimeException e) {
      LOG.errorf(e, "job %s: could not record its failure; the sweep will hand it on", jobId);
    }
  }

  private void run(UUID jobId, AtomicBoolean held) {
    SearchJob job = QuarkusTransaction.requiringNew().call(() -> jobs.findById(jobId));
    JobSpec spec = Json.read(job.spec, JobSpec.class);
    LOG.infof(
        "running job %s (%s, %s, latency %s, budget %d)",
        jobId,
        spec.strategy().id(),
        spec.hardwareTarget(),
        job.latencySource,
        spec.budget().maxCandidates());
    progress.started(jobId);
    // A job whose worker died in its final phase goes straight on with it: its search is over.
    boolean finalizing = job.phase == dev.sculptor.core.job.JobPhase.FINALIZING;
    String stoppedEarly = finalizing ? job.failureReason : null;
    if (!finalizing) {
      // The genetic search prunes with the RL policy; the baselines use the genome's uniform gene.
      var policy =
          spec.strategy() == dev.sculptor.core.job.Strategy.GENETIC
              ? progress.initialPolicy(jobId, spec.hardwareTarget(), spec.dataset())
              : null;
      SearchRun run =
          new SearchRun(
              jobId,
              spec,
              job.startedAt,
              evaluations,
              arrivals,
              progress,
              () -> held.get() && !stopping,
              policy,
              job.latencySource,
              job.status == JobStatus.WAITING_FOR_DEVICE);
      SearchStrategy.of(
              spec.strategy(),
              spec.seed(),
              spec.budget().effectivePopulationSize(),
              MobileCnnSpace.layout(spec.compressionTechniques()))
          .search(run);
      if (!held.get() || stopping) {
        LOG.warnf("stopped running job %s here; another worker goes on with it", jobId);
        return;
      }
      if (run.cancelled()) {
        progress.finish(jobId, JobStatus.CANCELLED, "cancelled by its owner");
        return;
      }
      stoppedEarly = run.stoppedEarly().orElse(null);
    }
    var rows = evaluations.rows(jobId);
    boolean anySucceeded = rows.stream().anyMatch(c -> c.status == CandidateStatus.SUCCEEDED);
    if (anySucceeded && spec.finalTraining().enabled()) {
      if (stoppedEarly != null) progress.note(jobId, stoppedEarly);
      FinalPhase.Outcome outcome =
          new FinalPhase(
                  jobId, spec, evaluations, arrivals, progress, () -> held.get() && !stopping)
              .run();
      if (outcome == FinalPhase.Outcome.STOPPED) {
        LOG.warnf("stopped the final phase of job %s here; another worker goes on with it", jobId);
        return;
      }
      if (outcome == FinalPhase.Outcome.CANCELLED) {
        progress.finish(jobId, JobStatus.CANCELLED, "cancelled by its owner in the final phase");
        return;
      }
    }
    if (anySucceeded) {
      progress.finish(jobId, JobStatus.SUCCEEDED, stoppedEarly);
    } else {
      String reason =
          rows.stream()
              .filter(c -> c.status.isEvaluation())
              .map(c -> c.failureReason)
              .filter(r -> r != null)
              .findFirst()
              .orElse("no candidate was evaluated");
      long infeasible = rows.stream().filter(c -> !c.status.isEvaluation()).count();
      progress.finish(
          jobId,
          JobStatus.FAILED,
          infeasible == rows.size() && infeasible > 0
              ? "no candidate could meet the limits: all "
                  + infeasible
                  + " proposed were infeasible by construction ("
                  + rows.getFirst().failureReason
                  + ")"
              : "every candidate failed: " + reason);
    }
  }

  @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void renewLeases() {
    running.forEach(
        (jobId, held) -> {
          try {
            if (held.get() && !leases.renew(jobId)) held.set(false);
          } catch (RuntimeException e) {
            // the database is away: the lease may lapse, and the fence stops our writes if another
            // worker took over
            LOG.debugf("could not renew the lease of job %s: %s", jobId, e.getMessage());
          }
        });
  }

  /**
   * SIGTERM: stop every search here and give the leases back at once, so another worker resumes the
   * jobs at its next sweep rather than after the leases lapse.
   */
  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    running.forEach(
        (jobId, held) -> {
          held.set(false);
          try {
            leases.release(jobId);
          } catch (RuntimeException e) {
            LOG.warnf(
                "could not release the lease of job %s (%s); it lapses in its own time",
                jobId, e.getMessage());
          }
        });
    threads.shutdownNow();
  }
}
