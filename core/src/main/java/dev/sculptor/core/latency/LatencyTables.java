package dev.sculptor.core.latency;

import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.network.NetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The committed latency models, one per calibrated target ({@code latency/<target>.json} on the
 * classpath, written by {@code evaluator calibrate} on a device of that target), and the rule for
 * a candidate measured on other hardware than its job's target: its latency is predicted from the
 * target's model and labelled PREDICTED, or, without a model, the measured latency is kept and its
 * source names the hardware it really ran on.
 */
public final class LatencyTables {
  private LatencyTables() {}

  public static Optional<LatencyModel> forTarget(String target) {
    try (InputStream in = LatencyTables.class.getResourceAsStream("/latency/" + target + ".json")) {
      return in == null ? Optional.empty() : Optional.of(Json.mapper().readValue(in, LatencyModel.class));
    } catch (IOException e) {
      throw new UncheckedIOException("latency table of " + target + " is unreadable", e);
    }
  }

  /**
   * The metrics a job on {@code jobTarget} should see for a candidate measured on {@code measuredOn}:
   * unchanged when that is the job's target or no model exists; else with the latency predicted by
   * {@code model} for {@code network} (the deployed, pruned network) and the measurement kept in the
   * source's description.
   */
  public static Metrics forJobTarget(Metrics measured, String measuredOn, String jobTarget, NetworkSpec network,
      Optional<LatencyModel> model, int threads) {
    if (measured == null || measured.latency() == null || jobTarget.equals(measuredOn) || model.isEmpty()) return measured;
    LatencyModel m = model.get();
    double predicted = LatencyPredictor.predictMs(m, network);
    Latency was = measured.latency();
    String method = String.format(Locale.ROOT,
        "predicted by %s's latency model (%s; held-out median error %.0f%%, %.0f%% of networks within ±10%%); accuracy and size"
            + " were measured on %s, where this network ran in %.3f ms",
        jobTarget, m.method(), m.heldOut() == null ? Double.NaN : m.heldOut().medianAbsPercent(),
        m.heldOut() == null ? Double.NaN : 100 * m.heldOut().shareWithin10Percent(), was.source().hardware(), was.medianMs());
    Latency latency = new Latency(predicted, predicted, 0, threads, was.timedPrecision(), MetricSource.predicted(jobTarget, method));
    return new Metrics(measured.accuracy(), measured.accuracySplit(), measured.accuracySource(), latency, measured.modelBytes(),
        measured.params(), measured.macs(), measured.peakActivationBytes(), measured.testAccuracy());
  }
}
