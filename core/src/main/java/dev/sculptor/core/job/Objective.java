package dev.sculptor.core.job;

import java.util.List;

/**
 * What the search optimises: a job names two or three of these, and its front, dominance and
 * hypervolume are kept over exactly those. Limits are separate ({@link Constraints}).
 */
public enum Objective {
  MAXIMIZE_ACCURACY,
  MINIMIZE_LATENCY,
  MINIMIZE_SIZE,
  /** Parameter count, as the evaluator reports it. */
  MINIMIZE_PARAMS,
  /** Multiply-accumulates per image. */
  MINIMIZE_MACS;

  /** A job's objectives when it names none: accuracy, latency and model size. */
  public static final List<Objective> DEFAULTS =
      List.of(MAXIMIZE_ACCURACY, MINIMIZE_LATENCY, MINIMIZE_SIZE);

  /** The fewest and most objectives a job may name. */
  public static final int MIN_PER_JOB = 2;

  public static final int MAX_PER_JOB = 3;
}
