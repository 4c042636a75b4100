package dev.sculptor.core.messaging;

/**
 * How an evaluator measures: warm-up runs, timed runs at batch 1 with a fixed intra-op thread
 * count, and which split accuracy is reported on ("validation" or "test").
 */
public record MeasurementProtocol(int warmupRuns, int timedRuns, int threads, String accuracySplit) {

  public static MeasurementProtocol defaults(int threads) {
    return new MeasurementProtocol(20, 100, threads, "validation");
  }
}
