package dev.sculptor.core.job;

import java.util.Collection;

/**
 * Where a job's latencies come from, decided once when it starts and recorded on the job, so one
 * job never mixes sources. For a job on target T:
 *
 * <ol>
 *   <li>an evaluator of T is live → {@link Outcome#MEASURED} on T;
 *   <li>the job's policy is {@link LatencyPolicy#WAIT_FOR_DEVICE} → {@link Outcome#WAIT} (QUEUED
 *       until one is);
 *   <li>T has a latency model → {@link Outcome#PREDICTED} for T (accuracy and size from any
 *       evaluator);
 *   <li>else {@link Outcome#REFUSE}: the api refuses the submit; a queued job (its evaluator left
 *       between submit and start) waits.
 * </ol>
 *
 * A pure function; callers say which targets are live and whether T has a model.
 */
public final class DeviceRule {
  public enum Outcome {
    MEASURED,
    PREDICTED,
    WAIT,
    REFUSE;

    /** Whether a job may start now with this outcome. */
    public boolean starts() {
      return this == MEASURED || this == PREDICTED;
    }
  }

  private DeviceRule() {}

  public static Outcome decide(
      String target, LatencyPolicy policy, Collection<String> liveTargets, boolean targetHasModel) {
    if (liveTargets.contains(target)) return Outcome.MEASURED;
    if (policy == LatencyPolicy.WAIT_FOR_DEVICE) return Outcome.WAIT;
    return targetHasModel ? Outcome.PREDICTED : Outcome.REFUSE;
  }

  /** The refusal a submit gets, naming the target. */
  public static String refusal(String target) {
    return "no evaluator attached and no latency model for "
        + target
        + "; attach an evaluator of "
        + target
        + " (docs/attach-a-device.md), or submit with \"latencyPolicy\": \"wait-for-device\""
        + " to wait for one";
  }
}
