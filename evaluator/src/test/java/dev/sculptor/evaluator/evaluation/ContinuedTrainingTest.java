package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.Continuation;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.EvaluationResult.EpochStats;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.artifact.TrainingCheckpoint;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.training.CandidateModel;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-fidelity's second stage, in real training on the synthetic dataset: a candidate trained for
 * 1 epoch keeps a checkpoint; continuing it to 3 epochs loads that checkpoint and trains only the 2
 * missing epochs; a continuation whose checkpoint is not there trains all 3 and says so.
 */
class ContinuedTrainingTest {
  static final EvaluatorIdentity IDENTITY =
      new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch");

  @TempDir Path dir;

  @Test
  void aContinuedCandidatesSecondStageStartsFromItsCheckpointAndRunsOnlyTheMissingEpochs()
      throws Exception {
    FileArtifactStore store = new FileArtifactStore(dir);
    CandidateEvaluator evaluator = new CandidateEvaluator(IDENTITY, store);
    CandidateSpec candidate = Candidates.smallCnn(Precision.FP32, List.of());
    EvaluationRequest shortStage = Candidates.request(candidate, "synthetic", 1, 600, 3);
    EvaluationResult first = evaluator.evaluate(shortStage);
    assertThat(first.status())
        .as(String.valueOf(first.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(first.fidelity().epochsRun()).isEqualTo(1);
    assertThat(first.fidelity().totalEpochs()).isEqualTo(1);
    assertThat(first.fidelity().resumed()).isFalse();
    assertThat(first.fidelity().checkpointKept()).isTrue();
    TrainingCheckpoint saved =
        TrainingCheckpoint.read(
            store.checkpoint(shortStage.jobId(), shortStage.candidateId()).orElseThrow());
    assertThat(saved.header().epochsDone()).isEqualTo(1);
    assertThat(saved.header().fingerprint()).isEqualTo(Fingerprint.of(candidate));

    // the second stage: its own evaluation id, the same job, network and seed, 3 epochs in all
    EvaluationRequest fullStage =
        new EvaluationRequest(
                shortStage.jobId(),
                UUID.randomUUID(),
                shortStage.hardwareTarget(),
                candidate,
                shortStage.dataset(),
                new dev.sculptor.core.job.Fidelity(3, 600, 1),
                shortStage.protocol(),
                shortStage.seed(),
                1)
            .continuing(new Continuation(shortStage.candidateId(), 1));
    EvaluationResult second = evaluator.evaluate(fullStage);

    assertThat(second.status())
        .as(String.valueOf(second.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(second.fidelity().epochsRun())
        .as("fewer epochs than a fresh training to 3 would run")
        .isEqualTo(2)
        .isLessThan(fullStage.fidelity().epochs());
    assertThat(second.fidelity().totalEpochs()).isEqualTo(3);
    assertThat(second.fidelity().resumedFrom()).isEqualTo(shortStage.candidateId());
    assertThat(second.fidelity().note()).isNull();
    List<EpochStats> trained = phase(second, "train");
    assertThat(trained).extracting(EpochStats::epoch).containsExactly(2, 3);
    // started from trained weights: its first epoch's loss is below the fresh first epoch's
    assertThat(trained.getFirst().loss()).isLessThan(phase(first, "train").getFirst().loss());
    // and it keeps its own checkpoint, three epochs deep, for a further stage
    assertThat(
            TrainingCheckpoint.read(
                    store.checkpoint(fullStage.jobId(), fullStage.candidateId()).orElseThrow())
                .header()
                .epochsDone())
        .isEqualTo(3);
  }

  @Test
  void aContinuationWhoseCheckpointIsMissingTrainsFromScratchAndSaysSo() {
    CandidateEvaluator evaluator = new CandidateEvaluator(IDENTITY, new FileArtifactStore(dir));
    UUID elsewhere = UUID.randomUUID();
    EvaluationRequest request =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 2, 300, 4)
            .continuing(new Continuation(elsewhere, 1));

    EvaluationResult result = evaluator.evaluate(request);

    assertThat(result.status())
        .as(String.valueOf(result.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(result.fidelity().epochsRun()).isEqualTo(2);
    assertThat(result.fidelity().totalEpochs()).isEqualTo(2);
    assertThat(result.fidelity().resumedFrom()).isNull();
    assertThat(result.fidelity().note())
        .contains(elsewhere.toString())
        .contains("not on this evaluator")
        .contains("trained from scratch");
    assertThat(phase(result, "train")).extracting(EpochStats::epoch).containsExactly(1, 2);
  }

  @Test
  void aCheckpointRestoresExactlyTheTrainedParameters() throws Exception {
    CandidateSpec candidate = Candidates.smallCnn(Precision.FP32, List.of());
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("synthetic"));
    NetworkSpec spec =
        NetworkDecoder.decode(candidate, data.train().shape(), data.train().classes());
    Path file = dir.resolve("checkpoint.zip");
    float[][] trainedValues;
    int[] trainedPredictions;
    try (CandidateModel trained = CandidateModel.create(spec, 3e-3)) {
      trained.train("train", data.train().first(300), data.validation(), 1, 64, 9);
      trainedValues = trained.parameterValues();
      trainedPredictions = trained.predict(data.validation());
      TrainingCheckpoint.of("f", data.id(), 1, 300, 9, trainedValues).write(file);
    }
    try (CandidateModel restored = CandidateModel.create(spec, 3e-3)) {
      assertThat(restored.parameterValues()).isNotEqualTo(trainedValues);
      restored.setParameterValues(TrainingCheckpoint.read(file).values());

      assertThat(restored.parameterValues()).isDeepEqualTo(trainedValues);
      assertThat(restored.predict(data.validation())).isEqualTo(trainedPredictions);
    }
  }

  private static List<EpochStats> phase(EvaluationResult result, String phase) {
    return result.trainingCurve().stream().filter(e -> e.phase().equals(phase)).toList();
  }
}
