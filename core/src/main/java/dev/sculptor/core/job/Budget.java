package dev.sculptor.core.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How much search a job may spend. Generations and population size are optional hints; {@code
 * plateauGenerations}, when set, stops the search early once the Pareto front's hypervolume has not
 * improved for that many generations in a row.
 */
public record Budget(
    int maxCandidates,
    int maxWallClockMinutes,
    Integer generations,
    Integer populationSize,
    Integer plateauGenerations) {

  public static final int DEFAULT_MAX_CANDIDATES = 24;
  public static final int DEFAULT_WALL_CLOCK_MINUTES = 30;

  /**
   * As read from a job spec: a number left out (or null) takes its default; the server owns them.
   */
  @JsonCreator
  public static Budget of(
      @JsonProperty("maxCandidates") Integer maxCandidates,
      @JsonProperty("maxWallClockMinutes") Integer maxWallClockMinutes,
      @JsonProperty("generations") Integer generations,
      @JsonProperty("populationSize") Integer populationSize,
      @JsonProperty("plateauGenerations") Integer plateauGenerations) {
    return new Budget(
        maxCandidates == null ? DEFAULT_MAX_CANDIDATES : maxCandidates,
        maxWallClockMinutes == null ? DEFAULT_WALL_CLOCK_MINUTES : maxWallClockMinutes,
        generations,
        populationSize,
        plateauGenerations);
  }

  public static Budget defaults() {
    return new Budget(DEFAULT_MAX_CANDIDATES, DEFAULT_WALL_CLOCK_MINUTES, null, null, null);
  }

  /** Population size actually used: the hint, else a size that gives a few generations. */
  public int effectivePopulationSize() {
    if (populationSize != null) return populationSize;
    return Math.max(4, Math.min(16, maxCandidates / 4));
  }
}
