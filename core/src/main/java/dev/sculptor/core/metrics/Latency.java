package dev.sculptor.core.metrics;

/**
 * Batch-1 latency: median and p90 in ms, coefficient of variation of the timed runs, the
 * intra-op thread count, the precision the timed network actually ran in, and the source.
 */
public record Latency(
    double medianMs,
    double p90Ms,
    double coefficientOfVariation,
    int threads,
    String timedPrecision,
    MetricSource source) {}
