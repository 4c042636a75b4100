package dev.sculptor.core.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a job does when no evaluator of its target is attached (see {@link DeviceRule}): {@code
 * predict-or-refuse} (the default) predicts latency from the target's latency model, or the submit
 * is refused when there is none; {@code wait-for-device} waits QUEUED until an evaluator of the
 * target is attached, so every latency is measured on the target.
 */
public enum LatencyPolicy {
  PREDICT_OR_REFUSE("predict-or-refuse"),
  WAIT_FOR_DEVICE("wait-for-device");

  private final String id;

  LatencyPolicy(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static LatencyPolicy of(String id) {
    for (LatencyPolicy p : values())
      if (p.id.equalsIgnoreCase(id) || p.name().equalsIgnoreCase(id)) return p;
    throw new IllegalArgumentException(
        "unknown latency policy '" + id + "'; expected predict-or-refuse or wait-for-device");
  }
}
