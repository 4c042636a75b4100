package dev.sculptor.core.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.time.Duration;
import java.time.Instant;

/**
 * An evaluator announces itself on {@link Topics#EVALUATORS} (keyed by evaluator id) every {@link
 * #INTERVAL}, so the api can say which targets are measured live and on what: the target it serves,
 * its CPU model (from /proc/cpuinfo) and architecture, cores, the intra-op threads it times with,
 * the runtime that times latency and the evaluator's version. {@code trainsOn}, for a time-only
 * evaluator (a device that cannot train), names the target whose evaluators train its candidates;
 * null when it trains them itself. Heartbeats from evaluators older than these fields leave them
 * null (threads 0).
 */
public record EvaluatorHeartbeat(
    String evaluatorId,
    String hardwareTarget,
    String host,
    int cores,
    String engine,
    Instant at,
    String cpuModel,
    String architecture,
    int threads,
    String runtime,
    String version,
    @JsonInclude(Include.NON_NULL) String trainsOn) {

  /** How often an evaluator sends one. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);

  /**
   * An evaluator counts as live (attached) while its last heartbeat is younger than this: several
   * intervals, so one late or lost heartbeat does not take a device away from its jobs.
   */
  public static final Duration LIVE_WINDOW = INTERVAL.multipliedBy(3);

  /** A heartbeat without the hardware description (what evaluators before it sent). */
  public EvaluatorHeartbeat(
      String evaluatorId,
      String hardwareTarget,
      String host,
      int cores,
      String engine,
      Instant at) {
    this(evaluatorId, hardwareTarget, host, cores, engine, at, null, null, 0, null, null, null);
  }
}
