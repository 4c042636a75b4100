package dev.sculptor.core.messaging;

/**
 * How far a job has come; ETA is an estimate from the evaluation rate so far. {@code phase} is
 * SEARCH or FINALIZING ({@link dev.sculptor.core.job.JobPhase}); in the final phase {@code
 * finalDone} of {@code finalTotal} front members have been trained at full fidelity (null before
 * it).
 */
public record JobProgress(
    int generation,
    int evaluated,
    int budget,
    Double bestFeasibleAccuracy,
    Double hypervolume,
    Long etaSeconds,
    String phase,
    Integer finalDone,
    Integer finalTotal) {

  /** Progress of the search phase. */
  public JobProgress(
      int generation,
      int evaluated,
      int budget,
      Double bestFeasibleAccuracy,
      Double hypervolume,
      Long etaSeconds) {
    this(
        generation,
        evaluated,
        budget,
        bestFeasibleAccuracy,
        hypervolume,
        etaSeconds,
        null,
        null,
        null);
  }
}
