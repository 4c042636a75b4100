package dev.sculptor.core.latency;

import java.time.Instant;
import java.util.List;

/**
 * A target's latency model, made by timing real networks on a device of that target (the
 * evaluator's {@code calibrate}): batch-1 latency ≈ coefficients · {@link LatencyPredictor#features}.
 * {@code heldOut} says how well it predicted networks it was not fitted on.
 */
public record LatencyModel(
    String hardwareTarget, String host, int threads, Instant createdAt, String method,
    List<String> features, double[] coefficients, int fittedOn, HeldOutError heldOut) {

  /** Prediction error on networks left out of the fit: |predicted − measured| / measured. */
  public record HeldOutError(int networks, double medianAbsPercent, double shareWithin10Percent, double maxAbsPercent) {}
}
