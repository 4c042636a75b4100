package dev.sculptor.core.metrics;

/**
 * The measured numbers of one evaluated candidate. Accuracy is on {@code accuracySplit}
 * ("validation" during search), with the planned weight precision. {@code testAccuracy} is the same
 * network's accuracy on the held-out test split: the search never reads it (it selects on
 * validation accuracy only), and the api shows it only for the final front of a finished job.
 * {@code export} says how the deployable file was checked against the trained network ({@code null}
 * for candidates evaluated before the ONNX export).
 */
public record Metrics(
    double accuracy,
    String accuracySplit,
    MetricSource accuracySource,
    Latency latency,
    long modelBytes,
    long params,
    long macs,
    long peakActivationBytes,
    Double testAccuracy,
    ExportCheck export) {

  /** Metrics without an export check (predicted, or stored before the ONNX export). */
  public Metrics(
      double accuracy,
      String accuracySplit,
      MetricSource accuracySource,
      Latency latency,
      long modelBytes,
      long params,
      long macs,
      long peakActivationBytes,
      Double testAccuracy) {
    this(
        accuracy,
        accuracySplit,
        accuracySource,
        latency,
        modelBytes,
        params,
        macs,
        peakActivationBytes,
        testAccuracy,
        null);
  }

  /** The same numbers with {@code timed} as the latency (a time-only evaluator's measurement). */
  public Metrics withLatency(Latency timed) {
    return new Metrics(
        accuracy,
        accuracySplit,
        accuracySource,
        timed,
        modelBytes,
        params,
        macs,
        peakActivationBytes,
        testAccuracy,
        export);
  }
}
