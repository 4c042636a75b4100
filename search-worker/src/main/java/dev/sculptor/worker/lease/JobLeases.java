package dev.sculptor.worker.lease;

import dev.sculptor.core.job.DeviceRule;
import dev.sculptor.core.job.LatencyPolicy;
import dev.sculptor.core.latency.LatencyTables;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import dev.sculptor.worker.WorkerIdentity;
import dev.sculptor.worker.WorkerSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job leases in the job row: a worker owns a job while its lease is fresh and renews it; a job
 * whose lease lapsed (its worker died) may be claimed by any worker, which resumes it. Each claim
 * starts a new epoch, and every write of a job's state is fenced by the owner and epoch it was
 * claimed with ({@link #fence}): a worker that paused past its lease cannot overwrite the work of
 * the worker that took over.
 */
@ApplicationScoped
public class JobLeases {
  @Inject EntityManager em;
  @Inject WorkerIdentity worker;
  @Inject EvaluatorRepository evaluators;

  @Inject WorkerSettings settings;

  /** The leases this worker holds, by job. */
  private final Map<UUID, Long> epochs = new ConcurrentHashMap<>();

  /**
   * Takes a queued job, or a started one whose lease lapsed; false if someone else has it, or if
   * the device rule does not let a queued job start yet ({@link DeviceRule}: no evaluator of its
   * target is live and it waits for one). A job's first claim records where its latencies come from
   * (MEASURED or PREDICTED) and later claims keep it, so a resumed job never changes source. A job
   * paused as WAITING_FOR_DEVICE stays so until its search sees the device back.
   */
  public boolean claim(UUID jobId) {
    @SuppressWarnings("unchecked")
    List<Number> epoch =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Optional<MetricSource.Kind> source = latencySource(jobId);
                  if (source.isEmpty()) return List.of();
                  return em.createNativeQuery(
                          """
                          UPDATE search_job SET status = CASE WHEN status = 'QUEUED' THEN 'RUNNING' ELSE status END, lease_owner = ?1,
                                 lease_expires_at = now() + make_interval(secs => ?2), lease_epoch = lease_epoch + 1, version = version + 1,
                                 latency_source = coalesce(latency_source, ?4),
                                 started_at = coalesce(started_at, now()), updated_at = now()
                           WHERE id = ?3 AND NOT cancel_requested
                             AND (status = 'QUEUED'
                                  OR (status IN ('RUNNING', 'WAITING_FOR_DEVICE') AND (lease_expires_at IS NULL OR lease_expires_at < now())))
                          RETURNING lease_epoch\
                          """)
                      .setParameter(1, worker.id())
                      .setParameter(2, settings.leaseSeconds())
                      .setParameter(3, jobId)
                      .setParameter(4, source.get().name())
                      .getResultList();
                });
    if (epoch.isEmpty()) return false;
    epochs.put(jobId, epoch.getFirst().longValue());
    return true;
  }

  /**
   * The job's recorded latency source, or the one the device rule gives it now; empty: it may not
   * start yet.
   */
  private Optional<MetricSource.Kind> latencySource(UUID jobId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT hardware_target, spec ->> 'latencyPolicy', latency_source FROM search_job"
                    + " WHERE id = ?1")
            .setParameter(1, jobId)
            .getResultList();
    if (rows.isEmpty()) return Optional.empty();
    Object[] row = rows.getFirst();
    if (row[2] != null) return Optional.of(MetricSource.Kind.valueOf((String) row[2]));
    String target = (String) row[0];
    LatencyPolicy policy =
        row[1] == null ? LatencyPolicy.PREDICT_OR_REFUSE : LatencyPolicy.of((String) row[1]);
    DeviceRule.Outcome outcome =
        DeviceRule.decide(
            target, policy, evaluators.liveTargets(), LatencyTables.forTarget(target).isPresent());
    return switch (outcome) {
      case MEASURED -> Optional.of(MetricSource.Kind.MEASURED);
      case PREDICTED -> Optional.of(MetricSource.Kind.PREDICTED);
      case WAIT, REFUSE -> Optional.empty(); // QUEUED until an evaluator of the target is live
    };
  }

  /** Extends our lease; false when we no longer hold it (then the job must stop here). */
  public boolean renew(UUID jobId) {
    Long epoch = epochs.get(jobId);
    boolean renewed =
        epoch != null
            && QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        em.createNativeQuery(
                                    """
                                    UPDATE search_job SET lease_expires_at = now() + make_interval(secs => ?1)
                                     WHERE id = ?2 AND lease_owner = ?3 AND lease_epoch = ?4 AND status IN ('RUNNING', 'WAITING_FOR_DEVICE')\
                                    """)
                                .setParameter(1, settings.leaseSeconds())
                                .setParameter(2, jobId)
                                .setParameter(3, worker.id())
                                .setParameter(4, epoch)
                                .executeUpdate()
                            == 1);
    if (!renewed) epochs.remove(jobId);
    return renewed;
  }

  /**
   * Inside the transaction that writes a job's state: proves this worker still holds the job's
   * lease (and locks the job row until the transaction ends), or throws {@link LeaseLost} so the
   * transaction rolls back and the job is dropped here.
   */
  public void fence(UUID jobId) {
    Long epoch = epochs.get(jobId);
    if (epoch == null
        || em.createNativeQuery(
                    """
                    UPDATE search_job SET updated_at = now()
                     WHERE id = ?1 AND lease_owner = ?2 AND lease_epoch = ?3 AND status IN ('RUNNING', 'WAITING_FOR_DEVICE')\
                    """)
                .setParameter(1, jobId)
                .setParameter(2, worker.id())
                .setParameter(3, epoch)
                .executeUpdate()
            != 1) {
      epochs.remove(jobId);
      throw new LeaseLost(jobId);
    }
  }

  /** This worker is done with the job (it finished, or was dropped); its lease is forgotten. */
  public void forget(UUID jobId) {
    epochs.remove(jobId);
  }

  /**
   * Gives the lease back at once (this worker is shutting down), so another worker resumes the job
   * at its next sweep instead of after the lease lapses.
   */
  public void release(UUID jobId) {
    Long epoch = epochs.remove(jobId);
    if (epoch == null) return;
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        """
                        UPDATE search_job SET lease_owner = NULL, lease_expires_at = now() - interval '1 second'
                         WHERE id = ?1 AND lease_owner = ?2 AND lease_epoch = ?3 AND status IN ('RUNNING', 'WAITING_FOR_DEVICE')\
                        """)
                    .setParameter(1, jobId)
                    .setParameter(2, worker.id())
                    .setParameter(3, epoch)
                    .executeUpdate());
  }

  /**
   * Jobs nobody is working on: queued ones whose message may be lost (or that wait for a device:
   * {@link #claim} starts them once the device rule lets it), started ones with a lapsed lease.
   * Cancelled ones are not among them: {@link #endAbandonedCancellations} ends those.
   */
  @SuppressWarnings("unchecked")
  public List<UUID> orphans() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                em.createNativeQuery(
                        """
                        SELECT id FROM search_job
                         WHERE NOT cancel_requested
                           AND ((status = 'QUEUED' AND created_at < now() - interval '10 seconds')
                                OR (status IN ('RUNNING', 'WAITING_FOR_DEVICE') AND lease_expires_at < now()))
                         ORDER BY created_at LIMIT 20\
                        """,
                        UUID.class)
                    .getResultList());
  }

  /**
   * A job whose owner asked to cancel it while its worker died would otherwise stay RUNNING (or
   * WAITING_FOR_DEVICE) for ever: with its lease lapsed it is marked CANCELLED here. Returns the
   * jobs so ended.
   */
  @SuppressWarnings("unchecked")
  public List<UUID> endAbandonedCancellations() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                em.createNativeQuery(
                        """
                        UPDATE search_job SET status = 'CANCELLED', finished_at = now(), updated_at = now(), eta_seconds = 0,
                               failure_reason = 'cancelled by its owner', lease_owner = NULL, lease_expires_at = NULL, version = version + 1
                         WHERE status IN ('RUNNING', 'WAITING_FOR_DEVICE') AND cancel_requested AND (lease_expires_at IS NULL OR lease_expires_at < now())
                        RETURNING id\
                        """,
                        UUID.class)
                    .getResultList());
  }
}
