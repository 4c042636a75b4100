package dev.sculptor.core.messaging;

import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.space.CandidateSpec;
import java.util.UUID;

/**
 * Evaluate one candidate. Sent on {@code sculptor.evaluate.v1.<target>} keyed by candidate id;
 * delivered at least once, so evaluators and the worker treat {@code candidateId} as the
 * idempotency key. {@code attempt} counts redeliveries the worker made on purpose (timeouts).
 * {@code finalTraining}, when present, asks for the final phase's full-fidelity training of a front
 * member (its recipe replaces {@code fidelity}'s epochs and subset); {@code candidateId} is then the
 * final training's own id, not the candidate's.
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
    int attempt,
    FinalTraining finalTraining) {

  /** A search-fidelity request. */
  public EvaluationRequest(UUID jobId, UUID candidateId, String hardwareTarget, CandidateSpec candidate, DatasetRef dataset,
      Fidelity fidelity, MeasurementProtocol protocol, long seed, int attempt) {
    this(jobId, candidateId, hardwareTarget, candidate, dataset, fidelity, protocol, seed, attempt, null);
  }

  public boolean isFinal() {
    return finalTraining != null;
  }
}
