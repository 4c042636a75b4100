package dev.sculptor.core.metrics;

/**
 * Where a number came from: measured (on which hardware, how many runs) or predicted (by which
 * model). Every latency a user sees carries one.
 */
public record MetricSource(Kind kind, String hardware, int runs, String method) {
  public enum Kind {
    MEASURED,
    PREDICTED
  }

  public static MetricSource measured(String hardware, int runs, String method) {
    return new MetricSource(Kind.MEASURED, hardware, runs, method);
  }

  public static MetricSource predicted(String hardware, String method) {
    return new MetricSource(Kind.PREDICTED, hardware, 0, method);
  }
}
