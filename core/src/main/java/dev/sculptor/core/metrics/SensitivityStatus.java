package dev.sculptor.core.metrics;

/**
 * Where a candidate's sensitivity analysis asked for on request stands: REQUESTED until its result
 * arrives, then DONE (the analysis is stored) or FAILED (the reason is stored; it may be asked for
 * again). The database's check constraint on {@code candidate_sensitivity.status} lists the same
 * names.
 */
public enum SensitivityStatus {
  REQUESTED,
  DONE,
  FAILED;

  /** A request in this state is answered as it stands instead of being queued again. */
  public boolean settlesARequest() {
    return this != FAILED;
  }
}
