package dev.sculptor.core.messaging;

import java.time.Instant;

/**
 * An evaluator announces itself on {@link Topics#EVALUATORS} (keyed by evaluator id) every few
 * seconds, so the api can say which targets are measured live.
 */
public record EvaluatorHeartbeat(
    String evaluatorId, String hardwareTarget, String host, int cores, String engine, Instant at) {}
