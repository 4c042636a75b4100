package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A final training's result carries the sensitivity analysis of its trained network; a search
 * evaluation's does not. Tiny real trainings on the synthetic dataset, the candidate pruned by its
 * plan (the analysis reads the network before that pruning).
 */
class FinalSensitivityTest {
  @TempDir Path artifacts;

  @Test
  void onlyAFinalTrainingIsAnalysed() {
    CandidateEvaluator evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(artifacts));
    EvaluationRequest search =
        Candidates.request(
            Candidates.smallCnn(Precision.FP32, List.of(0.5, 0.5)), "synthetic", 1, 300, 4);
    EvaluationRequest fin =
        Candidates.finalTrainingOf(
            search, UUID.randomUUID(), new FinalTraining(1, 1, 0, 1, 0, null, null));

    EvaluationResult atSearch = evaluator.evaluate(search);
    EvaluationResult atFinal = evaluator.evaluate(fin);

    assertThat(atSearch.status())
        .as(String.valueOf(atSearch.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(atFinal.status())
        .as(String.valueOf(atFinal.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(atSearch.sensitivity()).isNull();
    Sensitivity s = atFinal.sensitivity();
    assertThat(s).isNotNull();
    // the unpruned network's prunable layers (the second stage's outputs feed a residual)
    assertThat(s.layers())
        .extracting(Sensitivity.Layer::name, Sensitivity.Layer::channels)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("stem", 16),
            org.assertj.core.groups.Tuple.tuple("s1.b1.conv", 32));
    assertThat(s.layers()).allSatisfy(l -> assertThat(l.prunedAccuracy()).hasSize(3));
    assertThat(s.sampleSize()).isEqualTo(500);
    assertThat(s.baselineAccuracy()).isBetween(0.0, 1.0);
    assertThat(Json.read(Json.write(atFinal), EvaluationResult.class).sensitivity()).isEqualTo(s);
  }
}
