package dev.sculptor.store.candidate;

import java.util.UUID;

/**
 * A continued candidate's first-stage result as it stood when it was continued (the row's {@code
 * earlier_stage}): the epochs it was trained for, the attempts it took (the continued stage's
 * attempts count from there), its metrics (JSON of {@link dev.sculptor.core.metrics.Metrics}) and
 * their columns, and its model files.
 */
public record EarlierStage(
    int epochs,
    int attempts,
    String metrics,
    Double accuracy,
    Double latencyMs,
    Long modelBytes,
    Boolean feasible,
    UUID artifactId,
    UUID djlArtifactId,
    String fidelityRun) {

  /** The row's present result, kept before it is continued. */
  public static EarlierStage of(Candidate c, int epochs) {
    return new EarlierStage(
        epochs,
        c.attempts,
        c.metrics,
        c.accuracy,
        c.latencyMs,
        c.modelBytes,
        c.feasible,
        c.artifactId,
        c.djlArtifactId,
        c.fidelityRun);
  }

  /** Puts this result back into the row (its continued stage failed). */
  public void restore(Candidate c) {
    c.metrics = metrics;
    c.accuracy = accuracy;
    c.latencyMs = latencyMs;
    c.modelBytes = modelBytes;
    c.feasible = feasible;
    c.artifactId = artifactId;
    c.djlArtifactId = djlArtifactId;
    c.fidelityRun = fidelityRun;
    c.fidelityEpochs = epochs;
  }
}
