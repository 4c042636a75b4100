package dev.sculptor.core.job;

/**
 * Lifecycle of one evaluation of a candidate (and of one final training of a front member): PENDING
 * while sent and awaited, then SUCCEEDED or FAILED. The database's check constraints on {@code
 * candidate.status} and {@code final_training.status} list the same names.
 */
public enum CandidateStatus {
  PENDING,
  SUCCEEDED,
  FAILED;

  public boolean isFinished() {
    return this != PENDING;
  }
}
