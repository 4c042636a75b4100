package dev.sculptor.core.job;

/**
 * Lifecycle of one evaluation of a candidate (and of one final training of a front member): PENDING
 * while sent and awaited, then SUCCEEDED or FAILED. INFEASIBLE (candidates only): infeasible by
 * construction, never sent, because what its decoded spec settles (size, parameters, MACs, peak
 * memory) already misses a limit of the job ({@link ConstructionCheck}). The database's check
 * constraints on {@code candidate.status} and {@code final_training.status} list the same names.
 */
public enum CandidateStatus {
  PENDING,
  SUCCEEDED,
  FAILED,
  INFEASIBLE;

  public boolean isFinished() {
    return this != PENDING;
  }

  /** Sent for evaluation, so counted against the job's budget and in its progress. */
  public boolean isEvaluation() {
    return this != INFEASIBLE;
  }
}
