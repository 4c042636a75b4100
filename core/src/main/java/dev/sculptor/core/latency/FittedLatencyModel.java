package dev.sculptor.core.latency;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A target's latency model made by timing real networks on a device of that target (the evaluator's
 * {@code calibrate}): batch-1 latency ≈ coefficients · {@link LatencyPredictor#features}. {@code
 * heldOut} says how well it predicted networks it was not fitted on. It was fitted on fp32 timings:
 * other precisions are predicted as fp32. {@code layoutBlock} is the channel block of ONNX
 * Runtime's blocked layout on that device (read off its optimised graphs; 1 where it has none),
 * which decides the kernels {@link OnnxRuntimeCpuPlan} counts.
 */
public record FittedLatencyModel(
    String hardwareTarget,
    String host,
    int threads,
    int layoutBlock,
    Instant createdAt,
    String method,
    List<String> features,
    double[] coefficients,
    int fittedOn,
    HeldOutError heldOut)
    implements LatencyModel {

  @Override
  public double predictMs(NetworkSpec network, Precision precision) {
    return LatencyPredictor.predictMs(this, network);
  }

  @Override
  public String provenance() {
    return "PREDICTED — fitted on "
        + fittedOn
        + " networks timed on "
        + hardwareTarget
        + " ("
        + host
        + ")";
  }

  @Override
  public String errorSummary() {
    return heldOut == null
        ? method
        : String.format(
            Locale.ROOT,
            "%s; held-out median error %.0f%%, %.0f%% of networks within ±10%%",
            method,
            heldOut.medianAbsPercent(),
            100 * heldOut.shareWithin10Percent());
  }
}
