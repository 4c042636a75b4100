package dev.sculptor.core.latency;

import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The latency model of each target that has one: a {@link FittedLatencyModel} where a device of the
 * target was timed ({@code latency/<target>.json} on the classpath, written by {@code evaluator
 * calibrate} there), else an {@link AnalyticalLatencyModel} anchored to published figures ({@code
 * arm-cortex-a72}, until a file calibrated on a Raspberry Pi 4 is committed); and the rule for a
 * candidate measured on other hardware than its job's target: its latency is predicted from the
 * target's model and labelled PREDICTED, or, without a model, the measured latency is kept and its
 * source names the hardware it really ran on.
 */
public final class LatencyTables {
  private static final Map<String, Optional<LatencyModel>> LOADED = new ConcurrentHashMap<>();

  private LatencyTables() {}

  public static Optional<LatencyModel> forTarget(String target) {
    // Read once per target: asked on every submit and every result.
    return forTarget(target, t -> LOADED.computeIfAbsent(t, LatencyTables::load));
  }

  /**
   * A model fitted on a device of the target, where one was committed, before an analytical one.
   */
  static Optional<LatencyModel> forTarget(
      String target, Function<String, Optional<LatencyModel>> fitted) {
    Optional<LatencyModel> measured = fitted.apply(target);
    if (measured.isPresent() || !ArmCortexA72.TARGET.equals(target)) return measured;
    return Optional.of(ArmCortexA72.MODEL);
  }

  private static Optional<LatencyModel> load(String target) {
    try (InputStream in = LatencyTables.class.getResourceAsStream("/latency/" + target + ".json")) {
      return in == null
          ? Optional.empty()
          : Optional.of(Json.mapper().readValue(in, FittedLatencyModel.class));
    } catch (IOException e) {
      throw new UncheckedIOException("latency table of " + target + " is unreadable", e);
    }
  }

  /**
   * As {@link #forJobTarget(Metrics, String, String, NetworkSpec, Precision, Optional, int)} with
   * the precision read from the measured latency's timed precision (int8 when it ran int8 kernels).
   */
  public static Metrics forJobTarget(
      Metrics measured,
      String measuredOn,
      String jobTarget,
      NetworkSpec network,
      Optional<LatencyModel> model,
      int threads) {
    Precision precision =
        measured == null
                || measured.latency() == null
                || measured.latency().timedPrecision() == null
                || !measured.latency().timedPrecision().toUpperCase(Locale.ROOT).startsWith("INT8")
            ? Precision.FP32
            : Precision.INT8;
    return forJobTarget(measured, measuredOn, jobTarget, network, precision, model, threads);
  }

  /**
   * The metrics a job on {@code jobTarget} should see for a candidate measured on {@code
   * measuredOn}: unchanged when that is the job's target or no model exists; else with the latency
   * predicted by {@code model} for {@code network} (the deployed, pruned network) at the
   * candidate's {@code precision}, and the measurement kept in the source's description.
   */
  public static Metrics forJobTarget(
      Metrics measured,
      String measuredOn,
      String jobTarget,
      NetworkSpec network,
      Precision precision,
      Optional<LatencyModel> model,
      int threads) {
    if (measured == null
        || measured.latency() == null
        || jobTarget.equals(measuredOn)
        || model.isEmpty()) return measured;
    LatencyModel m = model.get();
    double predicted = m.predictMs(network, precision);
    String coverage = m.coverage(network);
    Latency was = measured.latency();
    String method =
        String.format(
            Locale.ROOT,
            "predicted by %s's latency model at %s, %d thread(s): %s%s; accuracy and size were"
                + " measured on %s, where this network ran in %.3f ms",
            jobTarget,
            precision.name().toLowerCase(Locale.ROOT),
            m.threads(),
            m.errorSummary(),
            coverage.isEmpty() ? "" : "; " + coverage,
            was.source().hardware(),
            was.medianMs());
    String timed = precision == Precision.INT8 ? "int8" : "fp32";
    Latency latency =
        new Latency(
            predicted, predicted, 0, threads, timed, MetricSource.predicted(jobTarget, method));
    return new Metrics(
        measured.accuracy(),
        measured.accuracySplit(),
        measured.accuracySource(),
        latency,
        measured.modelBytes(),
        measured.params(),
        measured.macs(),
        measured.peakActivationBytes(),
        measured.testAccuracy());
  }
}
