package dev.sculptor.core.job;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * Hard limits a deployable candidate must meet. Null means "no limit". Sizes in bytes, latency in
 * milliseconds at batch 1 on the job's hardware target; on the wire sizes and latency also accept
 * human units ("10MB", "50ms"). {@code minAccuracy} is a fraction (0.98 = 98%), judged on the
 * validation split during the search; the final phase reports the test accuracy beside it.
 */
public record Constraints(
    @JsonDeserialize(using = HumanUnits.Bytes.class) Long maxModelBytes,
    @JsonDeserialize(using = HumanUnits.Millis.class) Double maxLatencyMs,
    Long maxParams,
    Long maxMacs,
    @JsonDeserialize(using = HumanUnits.Bytes.class) Long maxPeakMemoryBytes,
    Double minAccuracy) {

  /** The limits without an accuracy floor. */
  public Constraints(
      Long maxModelBytes,
      Double maxLatencyMs,
      Long maxParams,
      Long maxMacs,
      Long maxPeakMemoryBytes) {
    this(maxModelBytes, maxLatencyMs, maxParams, maxMacs, maxPeakMemoryBytes, null);
  }

  public static Constraints none() {
    return new Constraints(null, null, null, null, null, null);
  }
}
