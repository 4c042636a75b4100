package dev.sculptor.worker.intake;

import dev.sculptor.worker.evaluation.ResultArrivals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancel requests heard on the jobs topic for jobs running on this worker: their searches stop at
 * once (no further candidate is sent, a waiting generation wakes) instead of at their next look at
 * the job row. The row's {@code cancel_requested} stays the durable record: a request this worker
 * did not hear (it was down, or the job moved here later) is still read from there.
 */
@ApplicationScoped
public class JobCancels {
  @Inject ResultArrivals arrivals;

  private final Set<UUID> heard = ConcurrentHashMap.newKeySet();

  /** The owner asked to stop {@code jobId}, which runs here. */
  public void heard(UUID jobId) {
    heard.add(jobId);
    arrivals.wake();
  }

  public boolean requested(UUID jobId) {
    return heard.contains(jobId);
  }

  /** The job stopped running here. */
  public void forget(UUID jobId) {
    heard.remove(jobId);
  }
}
