package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A final training that diverges is trained once more at a lower peak rate instead of failing or
 * keeping an early epoch. The divergence is forced, not hoped for: a learning rate of 1e30 makes
 * the first update's weights overflow, so the loss is NaN in the first epoch, before any best
 * epoch; at search fidelity the same candidate still fails.
 */
class FinalDivergenceTest {
  @TempDir Path artifacts;

  @Test
  void aDivergedFinalTrainingIsTrainedAgainAtALowerRate() {
    CandidateSpec small = Candidates.smallCnn(Precision.FP32, List.of());
    CandidateSpec explosive =
        new CandidateSpec(small.architecture(), small.compression(), new TrainingRecipe(1e30, 64));
    CandidateEvaluator evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(artifacts));
    EvaluationRequest search = Candidates.request(explosive, "synthetic", 1, null, 1);
    EvaluationRequest fin =
        Candidates.finalTrainingOf(
            search, UUID.randomUUID(), new FinalTraining(1, 2, 0, 1, 0, null, null));

    EvaluationResult atSearch = evaluator.evaluate(search);
    assertThat(atSearch.status()).isEqualTo(EvaluationResult.Status.FAILED);
    assertThat(atSearch.error().reason()).contains("training diverged");

    EvaluationResult atFinal = evaluator.evaluate(fin);
    assertThat(atFinal.status())
        .as(String.valueOf(atFinal.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    System.out.println("final training note: " + atFinal.fidelity().note());
    assertThat(atFinal.fidelity().note())
        .contains("training diverged: train epoch 1", "trained again at peak rate 1.0e-03", "kept");
    // the kept run is the second, trained in full: a curve of its epochs, above chance (10
    // classes; measured 0.35 validation after its 2 epochs, 2026-12-04)
    assertThat(atFinal.trainingCurve()).hasSize(2);
    assertThat(atFinal.metrics().accuracy()).isGreaterThan(0.2);
  }

  @Test
  void aDivergedFinalFineTuneIsTrainedAgainToo() {
    CandidateSpec pruned = Candidates.smallCnn(Precision.FP32, List.of(0.5, 0.5));
    CandidateSpec explosive =
        new CandidateSpec(
            pruned.architecture(), pruned.compression(), new TrainingRecipe(1e30, 64));
    EvaluationRequest search = Candidates.request(explosive, "synthetic", 1, null, 1);
    EvaluationResult atFinal =
        new CandidateEvaluator(
                new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
                new FileArtifactStore(artifacts))
            .evaluate(
                Candidates.finalTrainingOf(
                    search, UUID.randomUUID(), new FinalTraining(1, 2, 2, 1, 0, null, null)));

    assertThat(atFinal.status())
        .as(String.valueOf(atFinal.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    System.out.println("final training note: " + atFinal.fidelity().note());
    // both phases diverged at 1e30 and were trained again; the curve holds the kept runs' epochs
    assertThat(atFinal.fidelity().note())
        .contains("train epoch 1 loss is NaN", "fine-tune epoch 1 loss is NaN");
    assertThat(atFinal.trainingCurve()).extracting(e -> e.phase()).contains("train", "fine-tune");
    assertThat(atFinal.metrics().accuracy()).isGreaterThan(0.2);
  }
}
