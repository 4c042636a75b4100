package dev.sculptor.worker.lease;

import dev.sculptor.worker.WorkerIdentity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

  @ConfigProperty(name = "sculptor.lease-seconds")
  int leaseSeconds;

  /** The leases this worker holds, by job. */
  private final Map<UUID, Long> epochs = new ConcurrentHashMap<>();

  /** Takes a queued job, or a running one whose lease lapsed; false if someone else has it. */
  public boolean claim(UUID jobId) {
    @SuppressWarnings("unchecked")
    List<Number> epoch = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
            UPDATE search_job SET status = 'RUNNING', lease_owner = ?1,
                   lease_expires_at = now() + make_interval(secs => ?2), lease_epoch = lease_epoch + 1, version = version + 1,
                   started_at = coalesce(started_at, now()), updated_at = now()
             WHERE id = ?3 AND NOT cancel_requested
               AND (status = 'QUEUED' OR (status = 'RUNNING' AND (lease_expires_at IS NULL OR lease_expires_at < now())))
            RETURNING lease_epoch""")
        .setParameter(1, worker.id()).setParameter(2, leaseSeconds).setParameter(3, jobId).getResultList());
    if (epoch.isEmpty()) return false;
    epochs.put(jobId, epoch.getFirst().longValue());
    return true;
  }

  /** Extends our lease; false when we no longer hold it (then the job must stop here). */
  public boolean renew(UUID jobId) {
    Long epoch = epochs.get(jobId);
    boolean renewed = epoch != null && QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
            UPDATE search_job SET lease_expires_at = now() + make_interval(secs => ?1)
             WHERE id = ?2 AND lease_owner = ?3 AND lease_epoch = ?4 AND status = 'RUNNING'""")
        .setParameter(1, leaseSeconds).setParameter(2, jobId).setParameter(3, worker.id()).setParameter(4, epoch)
        .executeUpdate() == 1);
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
    if (epoch == null || em.createNativeQuery("""
            UPDATE search_job SET updated_at = now()
             WHERE id = ?1 AND lease_owner = ?2 AND lease_epoch = ?3 AND status = 'RUNNING'""")
        .setParameter(1, jobId).setParameter(2, worker.id()).setParameter(3, epoch).executeUpdate() != 1) {
      epochs.remove(jobId);
      throw new LeaseLost(jobId);
    }
  }

  /** This worker is done with the job (it finished, or was dropped); its lease is forgotten. */
  public void forget(UUID jobId) {
    epochs.remove(jobId);
  }

  /**
   * Gives the lease back at once (this worker is shutting down), so another worker resumes the
   * job at its next sweep instead of after the lease lapses.
   */
  public void release(UUID jobId) {
    Long epoch = epochs.remove(jobId);
    if (epoch == null) return;
    QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
            UPDATE search_job SET lease_owner = NULL, lease_expires_at = now() - interval '1 second'
             WHERE id = ?1 AND lease_owner = ?2 AND lease_epoch = ?3 AND status = 'RUNNING'""")
        .setParameter(1, jobId).setParameter(2, worker.id()).setParameter(3, epoch).executeUpdate());
  }

  /**
   * Jobs nobody is working on: queued ones whose message may be lost, running ones with a lapsed
   * lease. Cancelled ones are not among them: {@link #endAbandonedCancellations} ends those.
   */
  @SuppressWarnings("unchecked")
  public List<UUID> orphans() {
    return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
            SELECT id FROM search_job
             WHERE NOT cancel_requested
               AND ((status = 'QUEUED' AND created_at < now() - interval '10 seconds')
                    OR (status = 'RUNNING' AND lease_expires_at < now()))
             ORDER BY created_at LIMIT 20""", UUID.class).getResultList());
  }

  /**
   * A job whose owner asked to cancel it while its worker died would otherwise stay RUNNING for
   * ever: with its lease lapsed it is marked CANCELLED here. Returns the jobs so ended.
   */
  @SuppressWarnings("unchecked")
  public List<UUID> endAbandonedCancellations() {
    return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
            UPDATE search_job SET status = 'CANCELLED', finished_at = now(), updated_at = now(), eta_seconds = 0,
                   failure_reason = 'cancelled by its owner', lease_owner = NULL, lease_expires_at = NULL, version = version + 1
             WHERE status = 'RUNNING' AND cancel_requested AND (lease_expires_at IS NULL OR lease_expires_at < now())
            RETURNING id""", UUID.class).getResultList());
  }
}
