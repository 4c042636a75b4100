package dev.sculptor.core.job;

/**
 * Lifecycle of a search job: QUEUED → RUNNING ⇄ WAITING_FOR_DEVICE → SUCCEEDED | FAILED |
 * CANCELLED. {@link #WAITING_FOR_DEVICE}: the job measures its latencies on its target's
 * evaluators, and none is live now; it keeps its worker and resumes when one is back, rather than
 * measuring elsewhere.
 */
public enum JobStatus {
  QUEUED,
  RUNNING,
  WAITING_FOR_DEVICE,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Held by a worker: running, or paused until its target's evaluator is back. */
  public boolean isStarted() {
    return this == RUNNING || this == WAITING_FOR_DEVICE;
  }
}
