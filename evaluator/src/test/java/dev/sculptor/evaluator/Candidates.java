package dev.sculptor.evaluator;

import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import java.util.List;
import java.util.UUID;

/** Small candidates and requests the evaluator tests share. */
public final class Candidates {
  private Candidates() {}

  /**
   * A small CNN: stem 16, conv stage 32, depthwise-separable stage 32 (two blocks, the second
   * residual).
   */
  public static CandidateSpec smallCnn(Precision precision, List<Double> pruning) {
    return new CandidateSpec(
        new ArchitectureSpec(
            16,
            List.of(
                new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1),
                new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1)),
            Activation.RELU,
            0),
        new CompressionPlan(precision, pruning),
        new TrainingRecipe(3e-3, 64));
  }

  public static EvaluationRequest request(
      CandidateSpec candidate, String dataset, int epochs, Integer subset, long seed) {
    return new EvaluationRequest(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "host-cpu",
        candidate,
        DatasetRef.builtIn(dataset),
        new Fidelity(epochs, subset, 1),
        new MeasurementProtocol(3, 10, 1, "validation"),
        seed,
        1);
  }

  /** The final-phase request for {@code search}'s candidate, as the worker sends it (attempt 1). */
  public static EvaluationRequest finalTrainingOf(
      EvaluationRequest search, UUID finalId, FinalTraining recipe) {
    return EvaluationRequest.finalTraining(
        search.jobId(),
        finalId,
        search.candidateId(),
        search.hardwareTarget(),
        search.candidate(),
        search.dataset(),
        search.fidelity(),
        search.protocol(),
        search.seed(),
        1,
        recipe);
  }
}
