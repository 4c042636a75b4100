package dev.sculptor.worker.lease;

import dev.sculptor.worker.WorkerIdentity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Job leases in the job row: a worker owns a job while its lease is fresh and renews it; a job
 * whose lease lapsed (its worker died) may be claimed by any worker, which resumes it.
 */
@ApplicationScoped
public class JobLeases {
  @Inject EntityManager em;
  @Inject WorkerIdentity worker;

  @ConfigProperty(name = "sculptor.lease-seconds")
  int leaseSeconds;

  /** Takes a queued job, or a running one whose lease lapsed; false if someone else has it. */
  public boolean claim(UUID jobId) {
    return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
            UPDATE search_job SET status = 'RUNNING', lease_owner = ?1,
                   lease_expires_at = now() + make_interval(secs => ?2),
                   started_at = coalesce(started_at, now()), updated_at = now()
             WHERE id = ?3 AND NOT cancel_requested
               AND (status = 'QUEUED' OR (status = 'RUNNING' AND (lease_expires_at IS NULL OR lease_expires_at < now())))""")
        .setParameter(1, worker.id()).setParameter(2, leaseSeconds).setParameter(3, jobId).executeUpdate() == 1);
  }

  /** Extends our lease; false when we no longer hold it (then the job must stop here). */
  public boolean renew(UUID jobId) {
    return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
            UPDATE search_job SET lease_expires_at = now() + make_interval(secs => ?1)
             WHERE id = ?2 AND lease_owner = ?3 AND status = 'RUNNING'""")
        .setParameter(1, leaseSeconds).setParameter(2, jobId).setParameter(3, worker.id()).executeUpdate() == 1);
  }

  /** Jobs nobody is working on: queued ones whose message may be lost, running ones with a lapsed lease. */
  @SuppressWarnings("unchecked")
  public List<UUID> orphans() {
    return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
            SELECT id FROM search_job
             WHERE (status = 'QUEUED' AND created_at < now() - interval '10 seconds' AND NOT cancel_requested)
                OR (status = 'RUNNING' AND lease_expires_at < now())
             ORDER BY created_at LIMIT 20""", UUID.class).getResultList());
  }
}
