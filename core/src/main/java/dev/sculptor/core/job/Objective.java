package dev.sculptor.core.job;

/** What the search optimises; the front is kept over all of them. */
public enum Objective {
  MAXIMIZE_ACCURACY,
  MINIMIZE_LATENCY,
  MINIMIZE_SIZE
}
