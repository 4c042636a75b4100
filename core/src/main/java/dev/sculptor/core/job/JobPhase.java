package dev.sculptor.core.job;

/**
 * What a started job is doing (its status stays RUNNING or WAITING_FOR_DEVICE throughout): the
 * search, then the final phase, where the best feasible front members are trained again at full
 * fidelity ({@link FinalTraining}). A finished job keeps the last phase it reached.
 */
public enum JobPhase {
  SEARCH,
  FINALIZING
}
