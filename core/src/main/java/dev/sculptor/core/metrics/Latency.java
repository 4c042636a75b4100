package dev.sculptor.core.metrics;

/**
 * Batch-1 latency: median and p90 in ms, coefficient of variation of the timed runs, the intra-op
 * thread count, the precision the timed network actually ran in, the source, and the runtime that
 * ran it ({@code null} for latencies stored before the ONNX export and for predictions).
 */
public record Latency(
    double medianMs,
    double p90Ms,
    double coefficientOfVariation,
    int threads,
    String timedPrecision,
    MetricSource source,
    RuntimeProvenance runtime) {

  /**
   * A latency without runtime provenance (predicted, or measured in DJL before the ONNX export).
   */
  public Latency(
      double medianMs,
      double p90Ms,
      double coefficientOfVariation,
      int threads,
      String timedPrecision,
      MetricSource source) {
    this(medianMs, p90Ms, coefficientOfVariation, threads, timedPrecision, source, null);
  }
}
