package dev.sculptor.core.messaging;

import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.space.CandidateSpec;
import java.util.UUID;

/**
 * Evaluate one candidate. Sent on {@code sculptor.evaluate.v1.<target>} keyed by candidate id;
 * delivered at least once, so evaluators and the worker treat {@code candidateId} as the
 * idempotency key. {@code attempt} counts redeliveries the worker made on purpose (timeouts).
 */
public record EvaluationRequest(
    UUID jobId,
    UUID candidateId,
    String hardwareTarget,
    CandidateSpec candidate,
    DatasetRef dataset,
    Fidelity fidelity,
    MeasurementProtocol protocol,
    long seed,
    int attempt) {}
