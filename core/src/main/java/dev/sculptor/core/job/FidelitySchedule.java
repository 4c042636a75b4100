package dev.sculptor.core.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a generation's candidates are trained: every one at the job's full fidelity, or by successive
 * halving (each first on a short budget, only the most promising continued from their checkpoint to
 * the full epochs).
 */
public enum FidelitySchedule {
  FIXED("fixed"),
  SUCCESSIVE_HALVING("successive-halving");

  private final String id;

  FidelitySchedule(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static FidelitySchedule of(String id) {
    for (FidelitySchedule s : values())
      if (s.id.equalsIgnoreCase(id) || s.name().equalsIgnoreCase(id)) return s;
    throw new IllegalArgumentException(
        "unknown fidelity schedule '" + id + "'; expected one of fixed, successive-halving");
  }
}
