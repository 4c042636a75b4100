package dev.sculptor.worker.search;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.JobProgress;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.checkpoint.Checkpoint;
import dev.sculptor.store.checkpoint.PruningPolicyState;
import dev.sculptor.store.job.JobHistory;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.store.job.WriteConflicts;
import dev.sculptor.worker.intake.JobCancels;
import dev.sculptor.worker.lease.JobLeases;
import dev.sculptor.worker.lease.LeaseLost;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.progress.ProgressEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Writes a job's progress, front, history, checkpoints and final status, and announces them. Every
 * write is fenced by this worker's lease of the job ({@link JobLeases#fence}), and one that lost a
 * race with a concurrent change of the row (a cancel request) is made again on the fresh row.
 */
@ApplicationScoped
public class JobProgressStore {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(JobProgressStore.class);

  private static final int CONFLICT_RETRIES = 5;

  @Inject SearchJobRepository jobs;
  @Inject EntityManager em;
  @Inject ProgressEvents events;
  @Inject JobLeases leases;
  @Inject JobCancels cancels;
  @Inject PolicyPriming priming;

  /**
   * The owner asked to stop the job: heard on the jobs topic, or else read from its row (the
   * durable record).
   */
  /**
   * How long the job has run, less its pauses for the device: what its wall-clock budget counts.
   */
  public Duration activeTime(UUID jobId, Instant startedAt) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              SearchJob job = jobs.findById(jobId);
              Instant now = Instant.now();
              return job == null || job.startedAt == null
                  ? Duration.between(startedAt, now)
                  : job.activeTime(now);
            });
  }

  public boolean cancelRequested(UUID jobId) {
    return cancelHeard(jobId)
        || QuarkusTransaction.requiringNew().call(() -> jobs.findById(jobId).cancelRequested);
  }

  /**
   * Only what this worker heard on the jobs topic: cheap enough to ask before every candidate sent.
   */
  public boolean cancelHeard(UUID jobId) {
    return cancels.requested(jobId);
  }

  /** Progress while a generation is being evaluated. */
  void update(UUID jobId, int generation, JobSpec spec, List<Candidate> rows, Instant startedAt) {
    FrontSummary front = FrontSummary.of(spec, rows);
    JobStatus[] status = new JobStatus[1];
    JobProgress p =
        write(
            jobId,
            () -> {
              SearchJob job = jobs.findById(jobId);
              apply(job, generation, rows, front, startedAt);
              markFront(jobId, front.front());
              status[0] = job.status;
              return progress(job);
            });
    events.publish(event(jobId, JobEvent.Type.PROGRESS, status[0], p, null));
  }

  /**
   * After a generation: progress, history point and a checkpoint of the genomes evaluated so far.
   */
  void recordGeneration(
      UUID jobId,
      int generation,
      JobSpec spec,
      List<Candidate> rows,
      Instant startedAt,
      Double policyReward,
      PruningPolicy.State policy) {
    FrontSummary front = FrontSummary.of(spec, rows);
    JobStatus[] status = new JobStatus[1];
    JobProgress p =
        write(
            jobId,
            () -> {
              SearchJob job = jobs.findById(jobId);
              apply(job, generation, rows, front, startedAt);
              markFront(jobId, front.front());
              status[0] = job.status;
              JobHistory h = em.find(JobHistory.class, new JobHistory.Key(jobId, generation));
              if (h == null) {
                h = new JobHistory();
                h.jobId = jobId;
                h.generation = generation;
                em.persist(h);
              }
              h.evaluated = job.evaluated;
              h.hypervolume = front.hypervolume();
              h.policyReward = policyReward;
              if (policy != null) savePolicy(spec.hardwareTarget(), jobId, policy);
              Checkpoint cp = em.find(Checkpoint.class, new Checkpoint.Key(jobId, generation));
              if (cp == null) {
                cp = new Checkpoint();
                cp.jobId = jobId;
                cp.generation = generation;
                Map<String, Object> state = new java.util.LinkedHashMap<>();
                state.put("generation", generation);
                state.put("seed", spec.seed());
                state.put("strategy", spec.strategy().id());
                state.put("fingerprints", rows.stream().map(c -> c.fingerprint).toList());
                if (policy != null) state.put("policy", policy);
                cp.state = Json.write(state);
                em.persist(cp);
              }
              return progress(job);
            });
    events.publish(
        event(jobId, JobEvent.Type.FRONT, status[0], p, "generation " + generation + " done"));
  }

  /** The newest policy for a target: what later jobs on it warm-start from. */
  private void savePolicy(String target, UUID jobId, PruningPolicy.State policy) {
    PruningPolicyState row = em.find(PruningPolicyState.class, target);
    boolean fresh = row == null;
    if (fresh) {
      row = new PruningPolicyState();
      row.hardwareTarget = target;
    }
    // every column set before persist: a query in the same transaction may flush the insert early
    row.jobId = jobId;
    row.state = Json.write(policy);
    row.updatedAt = Instant.now();
    if (fresh) em.persist(row);
  }

  /**
   * The policy a job starts from, fixed once in its generation-0 checkpoint so a resumed job starts
   * from the same one: the newest for its target (warm start), else a fresh one, primed with the
   * sensitivity analyses of earlier jobs on the job's dataset that it has not absorbed yet.
   */
  PruningPolicy initialPolicy(UUID jobId, String target, String dataset) {
    return write(
        jobId,
        () -> {
          Checkpoint start = em.find(Checkpoint.class, new Checkpoint.Key(jobId, 0));
          if (start != null)
            return PruningPolicy.of(Json.read(start.state, PruningPolicy.State.class));
          PruningPolicyState saved = em.find(PruningPolicyState.class, target);
          PruningPolicy policy =
              saved == null
                  ? PruningPolicy.fresh()
                  : PruningPolicy.of(Json.read(saved.state, PruningPolicy.State.class));
          int primed = policy.prime(priming.analysesFor(jobId, dataset));
          if (primed > 0)
            LOG.infof("job %s: pruning policy primed with %d sensitivity analyses", jobId, primed);
          Checkpoint cp = new Checkpoint();
          cp.jobId = jobId;
          cp.generation = 0;
          cp.state = Json.write(policy.state());
          em.persist(cp);
          return policy;
        });
  }

  void finish(UUID jobId, JobStatus status, String reason) {
    JobProgress p =
        write(
            jobId,
            () -> {
              SearchJob job = jobs.findById(jobId);
              job.status = status;
              job.failureReason = reason;
              job.finishedAt = Instant.now();
              job.updatedAt = job.finishedAt;
              job.etaSeconds = 0L;
              job.leaseOwner = null;
              job.leaseExpiresAt = null;
              return progress(job);
            });
    events.publish(event(jobId, JobEvent.Type.STATUS, status, p, reason));
  }

  /** Announces a job's current status to its watchers (after the sweep ended it, say). */
  public void announceStatus(UUID jobId) {
    SearchJob job = QuarkusTransaction.requiringNew().call(() -> jobs.findById(jobId));
    events.publish(
        event(jobId, JobEvent.Type.STATUS, job.status, progress(job), job.failureReason));
  }

  void started(UUID jobId) {
    SearchJob job = QuarkusTransaction.requiringNew().call(() -> jobs.findById(jobId));
    String how =
        job.latencySource == null
            ? ""
            : job.latencySource == dev.sculptor.core.metrics.MetricSource.Kind.MEASURED
                ? "; latency measured on " + job.hardwareTarget + " evaluators"
                : "; latency predicted for " + job.hardwareTarget + " by its latency model";
    events.publish(event(jobId, JobEvent.Type.STATUS, job.status, progress(job), "running" + how));
  }

  /**
   * The final phase: the job's phase becomes FINALIZING (its status stays as it is), with {@code
   * done} of {@code total} final trainings finished; announced live (a STATUS event when the phase
   * begins or with a {@code message}, PROGRESS otherwise).
   */
  void finalizing(UUID jobId, int done, int total, String message) {
    boolean[] began = new boolean[1];
    JobStatus[] status = new JobStatus[1];
    JobProgress p =
        write(
            jobId,
            () -> {
              SearchJob job = jobs.findById(jobId);
              began[0] = job.phase != dev.sculptor.core.job.JobPhase.FINALIZING;
              job.phase = dev.sculptor.core.job.JobPhase.FINALIZING;
              job.finalDone = done;
              job.finalTotal = total;
              job.etaSeconds = null;
              job.updatedAt = Instant.now();
              status[0] = job.status;
              return progress(job);
            });
    events.publish(
        event(
            jobId,
            began[0] || message != null ? JobEvent.Type.STATUS : JobEvent.Type.PROGRESS,
            status[0],
            p,
            message));
  }

  /**
   * Keeps why the search stopped early (the job's failureReason, as at its end), for a final phase
   * resumed elsewhere.
   */
  void note(UUID jobId, String reason) {
    write(
        jobId,
        () -> {
          SearchJob job = jobs.findById(jobId);
          job.failureReason = reason;
          return null;
        });
  }

  /** The job pauses for its device (WAITING_FOR_DEVICE) or runs on (RUNNING); announced live. */
  void deviceState(UUID jobId, boolean waiting, String message) {
    JobStatus status = waiting ? JobStatus.WAITING_FOR_DEVICE : JobStatus.RUNNING;
    JobProgress p =
        write(
            jobId,
            () -> {
              SearchJob job = jobs.findById(jobId);
              Instant now = Instant.now();
              if (waiting && job.deviceWaitSince == null) job.deviceWaitSince = now;
              if (!waiting && job.deviceWaitSince != null) {
                job.deviceWaitSeconds +=
                    Math.max(0, Duration.between(job.deviceWaitSince, now).toSeconds());
                job.deviceWaitSince = null;
              }
              job.status = status;
              job.updatedAt = now;
              return progress(job);
            });
    events.publish(event(jobId, JobEvent.Type.STATUS, status, p, message));
  }

  /**
   * One write of the job's state in a transaction of its own: only while this worker holds the
   * lease (else {@link LeaseLost}), and again on the fresh row when a concurrent change won.
   */
  private <T> T write(UUID jobId, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  leases.fence(jobId);
                  return work.get();
                });
      } catch (RuntimeException e) {
        if (attempt >= CONFLICT_RETRIES || !WriteConflicts.isWriteConflict(e)) throw e;
      }
    }
  }

  private static void apply(
      SearchJob job, int generation, List<Candidate> rows, FrontSummary front, Instant startedAt) {
    // evaluations only: a candidate infeasible by construction was never sent
    int finished =
        (int) rows.stream().filter(c -> c.status.isFinished() && c.status.isEvaluation()).count();
    job.generation = Math.max(job.generation, generation);
    job.evaluated = finished;
    job.hypervolume = front.hypervolume();
    job.bestFeasibleAccuracy = front.bestFeasibleAccuracy();
    long elapsed =
        job.startedAt == null
            ? Duration.between(startedAt, Instant.now()).toSeconds()
            : job.activeTime(Instant.now()).toSeconds();
    job.etaSeconds =
        finished == 0 ? null : Math.max(0, elapsed * (job.maxCandidates - finished) / finished);
    job.updatedAt = Instant.now();
  }

  private void markFront(UUID jobId, List<Candidate> front) {
    Set<UUID> ids = front.stream().map(c -> c.id).collect(Collectors.toSet());
    em.createQuery("update Candidate set onFront = false where jobId = ?1 and onFront = true")
        .setParameter(1, jobId)
        .executeUpdate();
    if (!ids.isEmpty())
      em.createQuery("update Candidate set onFront = true where id in ?1")
          .setParameter(1, ids)
          .executeUpdate();
  }

  private static JobEvent event(
      UUID jobId, JobEvent.Type type, JobStatus status, JobProgress p, String message) {
    return new JobEvent(jobId, type, status, p, message, Instant.now());
  }

  private static JobProgress progress(SearchJob job) {
    return job.progress();
  }
}
