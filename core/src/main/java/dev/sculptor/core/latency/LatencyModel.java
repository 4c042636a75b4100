package dev.sculptor.core.latency;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;

/**
 * A target's latency model: predicts batch-1 latency of a deployed (pruned) network at a precision.
 * Two kinds: {@link FittedLatencyModel}, fitted on networks timed on a device of the target, and
 * {@link AnalyticalLatencyModel}, a roofline anchored to published figures for a device nobody here
 * has.
 */
public sealed interface LatencyModel permits FittedLatencyModel, AnalyticalLatencyModel {

  String hardwareTarget();

  /** Intra-op threads the predictions are for. */
  int threads();

  /** How the model was made, in a sentence. */
  String method();

  /** Error on networks left out of the fit ({@code null} when none were). */
  HeldOutError heldOut();

  /** Predicted batch-1 latency in ms of {@code network} (deployed, pruned) at {@code precision}. */
  double predictMs(NetworkSpec network, Precision precision);

  /**
   * What a prediction by this model is, for its label (e.g. calibrated on a device, or analytical).
   */
  String provenance();

  /** How good the model is, in words with numbers, for a prediction's description. */
  String errorSummary();

  /**
   * Where {@code network} lies outside what the model was fitted or anchored on, in a clause for
   * its prediction's description; empty where it does not (or the model does not know).
   */
  default String coverage(NetworkSpec network) {
    return "";
  }

  /** Prediction error on networks left out of the fit: |predicted − measured| / measured. */
  record HeldOutError(
      int networks, double medianAbsPercent, double shareWithin10Percent, double maxAbsPercent) {}
}
