package dev.sculptor.core.messaging;

import dev.sculptor.core.job.JobStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * Progress of a job on {@link Topics#EVENTS}, keyed by job id; every api replica fans these out to
 * its SSE clients.
 */
public record JobEvent(
    UUID jobId, Type type, JobStatus status, JobProgress progress, String message, Instant at) {
  public enum Type {
    STATUS,
    PROGRESS,
    CANDIDATE,
    FRONT
  }
}
