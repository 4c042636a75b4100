package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.SensitivityOnly;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.network.PrunableLayer;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.artifact.TrainingCheckpoint;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.sensitivity.LayerSensitivity;
import dev.sculptor.evaluator.training.CandidateModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sensitivity analysis on request: the evaluated candidate's training checkpoint (a real, small
 * search training on the synthetic dataset) is analysed without training anything; a checkpoint the
 * evaluator does not have is a clear, final failure.
 */
class SensitivityOnRequestTest {
  static final EvaluatorIdentity IDENTITY =
      new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch");

  @TempDir Path dir;

  @Test
  void anEvaluatedCandidatesCheckpointIsAnalysedOneRowPerPrunableLayerAndNothingIsTrained()
      throws Exception {
    FileArtifactStore store = new FileArtifactStore(dir);
    CandidateEvaluator evaluator = new CandidateEvaluator(IDENTITY, store);
    // pruned by its plan: the analysis reads the full-width network of the checkpoint all the same
    CandidateSpec candidate = Candidates.smallCnn(Precision.INT8, List.of(0.5, 0.5));
    EvaluationRequest search = Candidates.request(candidate, "synthetic", 1, 300, 4);
    EvaluationResult evaluated = evaluator.evaluate(search);
    assertThat(evaluated.status())
        .as(String.valueOf(evaluated.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(evaluated.sensitivity()).as("a search evaluation is not analysed").isNull();
    assertThat(evaluated.fidelity().checkpointKept()).isTrue();
    EvaluationRequest ask = analysisOf(search, search.candidateId());

    EvaluationResult answer = evaluator.evaluate(ask);

    assertThat(answer.status())
        .as(String.valueOf(answer.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(answer.candidateId()).isEqualTo(ask.candidateId());
    assertThat(answer.metrics()).isNull();
    assertThat(answer.artifact()).isNull();
    assertThat(answer.trainingCurve()).as("nothing trained").isEmpty();
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("synthetic"));
    NetworkSpec full =
        NetworkDecoder.decode(candidate, data.train().shape(), data.train().classes());
    Sensitivity s = answer.sensitivity();
    assertThat(s.layers())
        .extracting(Sensitivity.Layer::name)
        .containsExactlyElementsOf(full.prunableLayers().stream().map(PrunableLayer::name).toList())
        .isNotEmpty();
    assertThat(s.layers())
        .allSatisfy(l -> assertThat(l.prunedAccuracy()).hasSize(LayerSensitivity.RATIOS.size()));
    assertThat(s.sampleSize()).isEqualTo(LayerSensitivity.SAMPLE_SIZE);
    assertThat(s.split()).isEqualTo("validation");
    // the baseline is the checkpoint's own network, not fresh weights
    try (CandidateModel restored = CandidateModel.create(full, 1e-3)) {
      restored.setParameterValues(
          TrainingCheckpoint.read(store.checkpoint(search.jobId(), search.candidateId()).get())
              .values());
      assertThat(s.baselineAccuracy())
          .isEqualTo(restored.accuracy(data.validation().first(LayerSensitivity.SAMPLE_SIZE)));
    }
    // no model stored and no checkpoint kept under the analysis's id
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(Path::toString))
          .noneMatch(p -> p.contains(ask.candidateId().toString()));
    }
  }

  @Test
  void aCandidateWhoseCheckpointIsNotOnThisEvaluatorFailsAndSaysSo() {
    CandidateEvaluator evaluator = new CandidateEvaluator(IDENTITY, new FileArtifactStore(dir));
    EvaluationRequest search =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 4);
    UUID elsewhere = UUID.randomUUID();

    EvaluationResult answer = evaluator.evaluate(analysisOf(search, elsewhere));

    assertThat(answer.status()).isEqualTo(EvaluationResult.Status.FAILED);
    assertThat(answer.sensitivity()).isNull();
    assertThat(answer.error().retriable()).isFalse();
    assertThat(answer.error().reason())
        .startsWith("nothing to analyse")
        .contains(elsewhere.toString())
        .contains("not on this evaluator");
  }

  /** A request for the analysis of evaluation {@code of}'s checkpoint, with its own id. */
  private static EvaluationRequest analysisOf(EvaluationRequest search, UUID of) {
    return new EvaluationRequest(
            search.jobId(),
            UUID.randomUUID(),
            search.hardwareTarget(),
            search.candidate(),
            search.dataset(),
            search.fidelity(),
            search.protocol(),
            search.seed(),
            1)
        .withSensitivityOnly(new SensitivityOnly(of));
  }
}
