package dev.sculptor.worker.evaluation;

import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.metrics.Metrics;

/**
 * How far measured metrics miss a job's constraints: the sum of relative excesses (and of the
 * relative shortfall below {@code minAccuracy}), 0 when all are met.
 */
public final class Feasibility {
  private Feasibility() {}

  public static double violation(Constraints c, Metrics m) {
    double v = 0;
    v += excess(m.modelBytes(), c.maxModelBytes());
    v += excess(m.latency() == null ? 0 : m.latency().medianMs(), c.maxLatencyMs());
    v += excess(m.params(), c.maxParams());
    v += excess(m.macs(), c.maxMacs());
    v += excess(m.peakActivationBytes(), c.maxPeakMemoryBytes());
    if (c.minAccuracy() != null && c.minAccuracy() > 0)
      v += Math.max(0, 1 - m.accuracy() / c.minAccuracy());
    return v;
  }

  private static double excess(double value, Number limit) {
    return limit == null || limit.doubleValue() <= 0
        ? 0
        : Math.max(0, value / limit.doubleValue() - 1);
  }
}
