package dev.sculptor.core.pareto;

import dev.sculptor.core.job.Objective;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * One evaluated candidate in objective space: accuracy (higher is better); latency, size,
 * parameters and MACs (lower is better); how far it misses the job's constraints (0 = feasible);
 * and the job's {@code axes}, the objectives that dominance, the front and the hypervolume compare
 * (the others are carried along but ignored). Axes are kept in {@link Objective} order, whatever
 * order the job named them in, so every candidate of a job maps to the same vector.
 */
public record Objectives(
    double accuracy,
    double latencyMs,
    double modelBytes,
    double params,
    double macs,
    double violation,
    List<Objective> axes) {

  public Objectives {
    if (axes == null || axes.isEmpty() || axes.stream().anyMatch(Objects::isNull))
      throw new IllegalArgumentException("objectives need at least one axis: " + axes);
    axes = List.copyOf(EnumSet.copyOf(axes));
    if (axes.size() > Objective.MAX_PER_JOB)
      throw new IllegalArgumentException("at most " + Objective.MAX_PER_JOB + " axes: " + axes);
  }

  /** Accuracy, latency and size as the axes ({@link Objective#DEFAULTS}); no parameters or MACs. */
  public Objectives(double accuracy, double latencyMs, double modelBytes, double violation) {
    this(accuracy, latencyMs, modelBytes, 0, 0, violation, Objective.DEFAULTS);
  }

  public boolean feasible() {
    return violation <= 0;
  }

  /** The measured value on one axis, in its own unit (accuracy as a fraction). */
  public double value(Objective axis) {
    return switch (axis) {
      case MAXIMIZE_ACCURACY -> accuracy;
      case MINIMIZE_LATENCY -> latencyMs;
      case MINIMIZE_SIZE -> modelBytes;
      case MINIMIZE_PARAMS -> params;
      case MINIMIZE_MACS -> macs;
    };
  }

  /** The value on one axis turned so that bigger is better. */
  public double maximised(Objective axis) {
    return axis == Objective.MAXIMIZE_ACCURACY ? accuracy : -value(axis);
  }
}
