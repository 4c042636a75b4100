package dev.sculptor.core.metrics;

/**
 * Which inference runtime timed a model and how: its name and version (e.g. onnxruntime), the
 * precision the heavy layers were actually computed in (read back from the runtime, not planned),
 * intra-op threads and graph optimisation level.
 */
public record RuntimeProvenance(
    String runtime,
    String version,
    String computedPrecision,
    int threads,
    String optimisationLevel) {}
