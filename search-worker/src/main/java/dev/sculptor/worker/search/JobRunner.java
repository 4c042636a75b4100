package dev.sculptor.worker.search;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import dev.sculptor.worker.lease.JobLeases;
import dev.sculptor.worker.strategy.SearchStrategy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the jobs this worker claimed, each on a thread of its own, renewing their leases. A job that
 * was running elsewhere when that worker died is resumed here (see {@link SearchRun}).
 */
@ApplicationScoped
public class JobRunner {
  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  @Inject JobLeases leases;
  @Inject SearchJobRepository jobs;
  @Inject Evaluations evaluations;
  @Inject ResultArrivals arrivals;
  @Inject JobProgressStore progress;

  private final Semaphore slots;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<UUID, AtomicBoolean> running = new ConcurrentHashMap<>();

  public JobRunner(@ConfigProperty(name = "sculptor.max-concurrent-jobs") int maxJobs) {
    this.slots = new Semaphore(maxJobs);
  }

  /** Claims the job and runs it in the background; false if it is taken, finished or we are full. */
  public boolean tryStart(UUID jobId) {
    if (running.containsKey(jobId) || !slots.tryAcquire()) return false;
    AtomicBoolean held = new AtomicBoolean(true);
    if (running.putIfAbsent(jobId, held) != null || !leases.claim(jobId)) {
      running.remove(jobId, held);
      slots.release();
      return false;
    }
    threads.submit(() -> {
      try {
        run(jobId, held);
      } finally {
        running.remove(jobId);
        slots.release();
      }
    });
    return true;
  }

  private void run(UUID jobId, AtomicBoolean held) {
    try {
      SearchJob job = QuarkusTransaction.requiringNew().call(() -> jobs.findById(jobId));
      JobSpec spec = Json.read(job.spec, JobSpec.class);
      LOG.infof("running job %s (%s, %s, budget %d)", jobId, spec.strategy().id(), spec.hardwareTarget(), spec.budget().maxCandidates());
      progress.started(jobId);
      // The genetic search prunes with the RL policy; the baselines use the genome's uniform gene.
      var policy = spec.strategy() == dev.sculptor.core.job.Strategy.GENETIC ? progress.initialPolicy(jobId, spec.hardwareTarget()) : null;
      SearchRun run = new SearchRun(jobId, spec, job.startedAt, evaluations, arrivals, progress, held::get, policy);
      SearchStrategy.of(spec.strategy(), spec.seed(), spec.budget().effectivePopulationSize()).search(run);
      if (!held.get()) {
        LOG.warnf("lost the lease of job %s; another worker goes on with it", jobId);
      } else if (run.cancelled()) {
        progress.finish(jobId, JobStatus.CANCELLED, "cancelled by its owner");
      } else {
        var rows = evaluations.rows(jobId);
        boolean anySucceeded = rows.stream().anyMatch(c -> "SUCCEEDED".equals(c.status));
        if (anySucceeded) {
          progress.finish(jobId, JobStatus.SUCCEEDED, run.stoppedEarly().orElse(null));
        } else {
          String reason = rows.stream().map(c -> c.failureReason).filter(r -> r != null).findFirst().orElse("no candidate was evaluated");
          progress.finish(jobId, JobStatus.FAILED, "every candidate failed: " + reason);
        }
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "job %s failed", jobId);
      if (held.get()) progress.finish(jobId, JobStatus.FAILED, "search failed: " + e.getMessage());
    }
  }

  @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void renewLeases() {
    running.forEach((jobId, held) -> {
      if (held.get() && !leases.renew(jobId)) held.set(false);
    });
  }

  void onStop(@Observes ShutdownEvent event) {
    threads.shutdownNow();
  }
}
