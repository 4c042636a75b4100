package dev.sculptor.core.job;

/**
 * Hard limits a deployable candidate must meet. Null means "no limit". Sizes in bytes, latency in
 * milliseconds at batch 1 on the job's hardware target.
 */
public record Constraints(
    Long maxModelBytes, Double maxLatencyMs, Long maxParams, Long maxMacs, Long maxPeakMemoryBytes) {

  public static Constraints none() {
    return new Constraints(null, null, null, null, null);
  }
}
