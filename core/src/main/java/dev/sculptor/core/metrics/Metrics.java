package dev.sculptor.core.metrics;

/**
 * The measured numbers of one evaluated candidate. Accuracy is on {@code accuracySplit}
 * ("validation" during search, "test" for the final front), with the planned weight precision.
 */
public record Metrics(
    double accuracy,
    String accuracySplit,
    MetricSource accuracySource,
    Latency latency,
    long modelBytes,
    long params,
    long macs,
    long peakActivationBytes) {}
