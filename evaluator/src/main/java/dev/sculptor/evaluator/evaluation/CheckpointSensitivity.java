package dev.sculptor.evaluator.evaluation;

import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.SensitivityOnly;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.evaluator.artifact.ArtifactStore;
import dev.sculptor.evaluator.artifact.TrainingCheckpoint;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.sensitivity.LayerSensitivity;
import dev.sculptor.evaluator.training.CandidateModel;

/**
 * A sensitivity analysis on request ({@link EvaluationRequest#sensitivityOnly()}): the evaluated
 * candidate's training checkpoint (its full-width float network after search training) is loaded
 * into the network rebuilt from its spec and analysed by {@link LayerSensitivity} on the validation
 * split, exactly as a final training's network is. Nothing is trained, compressed or stored. A
 * checkpoint this evaluator does not have (another evaluator's disk, none kept) is a FAILED result
 * that says so; trying again on the same evaluator cannot help.
 */
final class CheckpointSensitivity {
  private final EvaluatorIdentity identity;
  private final ArtifactStore artifacts;

  CheckpointSensitivity(EvaluatorIdentity identity, ArtifactStore artifacts) {
    this.identity = identity;
    this.artifacts = artifacts;
  }

  /**
   * The analysis, or the failure that says why there is none; a network the checkpoint does not fit
   * throws, for the caller's rules.
   */
  EvaluationResult analyse(EvaluationRequest request, Cancellation cancellation, long started) {
    SensitivityOnly of = request.sensitivityOnly();
    if (of.candidateId() == null)
      throw new IllegalArgumentException("the analysis request names no candidate to analyse");
    CandidateSpec candidate = request.candidate();
    DatasetSplits data = Datasets.load(request.dataset());
    TrainingCheckpoint checkpoint;
    switch (TrainingCheckpoint.lookup(
        artifacts, request.jobId(), of.candidateId(), Fingerprint.of(candidate), data.id())) {
      case TrainingCheckpoint.Unusable u -> {
        return failed(request, "nothing to analyse: " + u.why(), started);
      }
      case TrainingCheckpoint.Found f -> checkpoint = f.checkpoint();
    }
    NetworkSpec full =
        NetworkDecoder.decode(candidate, data.train().shape(), data.train().classes());
    Sensitivity analysis;
    // the learning rate is irrelevant: the network is only evaluated
    try (CandidateModel model = CandidateModel.create(full, 1e-3)) {
      model.setParameterValues(checkpoint.values());
      analysis =
          LayerSensitivity.analyse(
              candidate.architecture(), model, data.validation(), cancellation);
    }
    long totalMs = (System.nanoTime() - started) / 1_000_000;
    return EvaluationResult.analysed(
        request, identity.info(), new EvaluationResult.Timings(0, 0, 0, 0, totalMs), analysis);
  }

  private EvaluationResult failed(EvaluationRequest request, String reason, long started) {
    long totalMs = (System.nanoTime() - started) / 1_000_000;
    return EvaluationResult.failed(
        request, identity.info(), new EvaluationResult.Timings(0, 0, 0, 0, totalMs), reason, false);
  }
}
