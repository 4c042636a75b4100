package dev.sculptor.evaluator.evaluation;

import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.RuntimeProvenance;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.measurement.LatencyMeter;
import dev.sculptor.evaluator.measurement.OrtProvenance;
import java.util.Locale;

/**
 * A latency timed here, labelled with the hardware it was timed on, how it was run and in which
 * precision: the one label an evaluator that trains and one that only times give their latencies.
 */
final class MeasuredLatency {
  private MeasuredLatency() {}

  static Latency of(
      LatencyMeter.Timing timing,
      OrtProvenance p,
      int warmupRuns,
      String hardware,
      CompressionPlan plan) {
    String computed = lower(p.computedPrecision());
    return new Latency(
        timing.medianMs(),
        timing.p90Ms(),
        timing.coefficientOfVariation(),
        p.threads(),
        computed,
        MetricSource.measured(
            hardware,
            timing.runs(),
            String.format(
                Locale.ROOT,
                "batch 1, %d warm-up + %d timed runs of the exported ONNX model in %s %s, %s (%s"
                    + " graph optimisation), %d intra-op thread(s); weights stored at %s, computed"
                    + " in %s",
                warmupRuns,
                timing.runs(),
                p.runtime(),
                p.version(),
                p.provider().label(),
                p.optimisationLevel(),
                p.threads(),
                stored(p.storedPrecision(), plan),
                computed)),
        new RuntimeProvenance(
            p.runtime(), p.version(), computed, p.threads(), p.optimisationLevel()));
  }

  /** The stored precision as a label; a mixed plan's says its layers differ. */
  private static String stored(Precision precision, CompressionPlan plan) {
    return plan.layerPrecisions().isEmpty()
        ? lower(precision)
        : "each layer's precision (sculptor.layer_precisions; " + lower(precision) + " plan)";
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
