package dev.sculptor.worker.lease;

import java.util.UUID;

/**
 * This worker no longer holds a job's lease (it lapsed and another worker claimed the job, or the
 * job ended elsewhere): whatever it was about to write is dropped, and so is the job here.
 */
public final class LeaseLost extends RuntimeException {
  public LeaseLost(UUID jobId) {
    super("this worker no longer holds the lease of job " + jobId, null, false, false);
  }
}
