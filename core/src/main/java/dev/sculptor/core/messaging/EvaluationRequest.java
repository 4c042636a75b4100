package dev.sculptor.core.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.space.CandidateSpec;
import java.util.UUID;

/**
 * Evaluate one candidate. Sent on {@code sculptor.evaluate.v1.<target>} keyed by candidate id;
 * delivered at least once, so evaluators and the worker treat {@code candidateId} as the
 * idempotency key. {@code attempt} counts redeliveries the worker made on purpose (timeouts).
 * {@code finalTraining}, when present, asks for the final phase's full-fidelity training of a front
 * member (its recipe replaces {@code fidelity}'s epochs and subset); {@code candidateId} is then
 * the final training's own id (the key of its result and files) and {@code retrainsCandidateId}
 * names the candidate it trains again, so the model can say which candidate it is. A final request
 * from a worker that predates that field has none. {@code continues}, when present, asks a
 * search-fidelity evaluation to start from the training checkpoint of an earlier evaluation of the
 * same network (multi-fidelity: a promising candidate's second stage) and train only up to {@code
 * fidelity.epochs} in all; requests without it (and every request from a worker before it) train
 * from fresh weights. {@code teacher}, when present, names the model a plan with distillation
 * learns from (the job's most accurate evaluated candidate when the request was sent); absent (and
 * left out of the JSON) when the plan has no distillation or no candidate had finished yet, and in
 * every request from a worker before it: the candidate then trains on labels alone. {@code
 * sensitivityOnly}, when present, asks for no evaluation at all but the per-layer sensitivity
 * analysis of the training checkpoint an earlier evaluation of the job kept ({@link
 * SensitivityOnly}): {@code candidateId} is then the analysis's own id and the result carries only
 * the analysis; absent (and left out of the JSON) in every other request. {@code timedOn} and
 * {@code trained} split one evaluation between two evaluators, for a target whose device cannot
 * train (a Raspberry Pi 4: {@code docs/attach-a-device.md}): the target's time-only evaluator sends
 * the request on to a training target's topic with {@code timedOn} naming its own target; the
 * evaluator that trains it sends its successful result back to {@code timedOn}'s topic as {@code
 * trained}, and the time-only evaluator times that model and answers the result. Both are absent
 * (and left out of the JSON) in every other request.
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
    FinalTraining finalTraining,
    UUID retrainsCandidateId,
    Continuation continues,
    @JsonInclude(Include.NON_NULL) Teacher teacher,
    @JsonInclude(Include.NON_NULL) SensitivityOnly sensitivityOnly,
    @JsonInclude(Include.NON_NULL) String timedOn,
    @JsonInclude(Include.NON_NULL) EvaluationResult trained) {

  /** A search-fidelity request. */
  public EvaluationRequest(
      UUID jobId,
      UUID candidateId,
      String hardwareTarget,
      CandidateSpec candidate,
      DatasetRef dataset,
      Fidelity fidelity,
      MeasurementProtocol protocol,
      long seed,
      int attempt) {
    this(
        jobId,
        candidateId,
        hardwareTarget,
        candidate,
        dataset,
        fidelity,
        protocol,
        seed,
        attempt,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The same request continuing from {@code continues}'s checkpoint ({@code fidelity.epochs} stays
   * the total to reach).
   */
  public EvaluationRequest continuing(Continuation continues) {
    return with(finalTraining, retrainsCandidateId, continues, teacher, sensitivityOnly);
  }

  /** The same request learning from {@code teacher} (null: from the labels alone). */
  public EvaluationRequest withTeacher(Teacher teacher) {
    return with(finalTraining, retrainsCandidateId, continues, teacher, sensitivityOnly);
  }

  /**
   * The same request asking only for the sensitivity analysis of {@code analysis}'s checkpoint
   * (null: an evaluation as usual).
   */
  public EvaluationRequest withSensitivityOnly(SensitivityOnly analysis) {
    return with(finalTraining, retrainsCandidateId, continues, teacher, analysis);
  }

  /**
   * A final training's request: {@code finalTrainingId} keys it, {@code candidateId} is the front
   * member it trains again.
   */
  public static EvaluationRequest finalTraining(
      UUID jobId,
      UUID finalTrainingId,
      UUID candidateId,
      String hardwareTarget,
      CandidateSpec candidate,
      DatasetRef dataset,
      Fidelity fidelity,
      MeasurementProtocol protocol,
      long seed,
      int attempt,
      FinalTraining recipe) {
    if (recipe == null) throw new IllegalArgumentException("a final training needs its recipe");
    return new EvaluationRequest(
            jobId,
            finalTrainingId,
            hardwareTarget,
            candidate,
            dataset,
            fidelity,
            protocol,
            seed,
            attempt)
        .with(recipe, candidateId, null, null, null);
  }

  /** This request with its optional parts replaced: what every variant above is built from. */
  private EvaluationRequest with(
      FinalTraining finalTraining,
      UUID retrainsCandidateId,
      Continuation continues,
      Teacher teacher,
      SensitivityOnly sensitivityOnly) {
    return with(
        finalTraining, retrainsCandidateId, continues, teacher, sensitivityOnly, timedOn, trained);
  }

  private EvaluationRequest with(
      FinalTraining finalTraining,
      UUID retrainsCandidateId,
      Continuation continues,
      Teacher teacher,
      SensitivityOnly sensitivityOnly,
      String timedOn,
      EvaluationResult trained) {
    return new EvaluationRequest(
        jobId,
        candidateId,
        hardwareTarget,
        candidate,
        dataset,
        fidelity,
        protocol,
        seed,
        attempt,
        finalTraining,
        retrainsCandidateId,
        continues,
        teacher,
        sensitivityOnly,
        timedOn,
        trained);
  }

  /**
   * The same request, to be trained by another evaluator and its model timed by {@code target}'s (a
   * time-only evaluator sends it on so).
   */
  public EvaluationRequest timedOn(String target) {
    return with(
        finalTraining, retrainsCandidateId, continues, teacher, sensitivityOnly, target, null);
  }

  /** The same request carrying the result of its training, for {@link #timedOn} to time. */
  public EvaluationRequest withTrained(EvaluationResult result) {
    return with(
        finalTraining, retrainsCandidateId, continues, teacher, sensitivityOnly, timedOn, result);
  }

  /** Whether this asks only to time the model of an evaluation another evaluator trained. */
  @JsonIgnore
  public boolean isTrained() {
    return trained != null;
  }

  @JsonIgnore
  public boolean isContinuation() {
    return continues != null;
  }

  /** Whether this asks only for a sensitivity analysis (no training, no model). */
  @JsonIgnore
  public boolean isSensitivityOnly() {
    return sensitivityOnly != null;
  }

  public boolean isFinal() {
    return finalTraining != null;
  }

  /**
   * The candidate whose model this request makes: the one a final training retrains, else {@code
   * candidateId}.
   */
  public UUID modelCandidateId() {
    return isFinal() && retrainsCandidateId != null ? retrainsCandidateId : candidateId;
  }
}
