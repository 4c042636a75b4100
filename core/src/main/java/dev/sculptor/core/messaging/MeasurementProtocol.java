package dev.sculptor.core.messaging;

/**
 * How an evaluator measures: warm-up runs, timed runs at batch 1 with a fixed intra-op thread
 * count, and which split accuracy is reported on ("validation" or "test").
 */
public record MeasurementProtocol(
    int warmupRuns, int timedRuns, int threads, String accuracySplit) {

  /**
   * 300 warm-up runs: DJL's Java side keeps getting faster while the JIT compiles it, and a short
   * warm-up timed a small CNN measurably slower than a long one (the figures are in
   * docs/benchmarks.md). They cost well under a second per candidate.
   */
  public static MeasurementProtocol defaults(int threads) {
    return new MeasurementProtocol(300, 100, threads, "validation");
  }
}
