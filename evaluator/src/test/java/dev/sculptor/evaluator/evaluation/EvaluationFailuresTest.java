package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.EvaluationResult.ArtifactRef;
import dev.sculptor.core.messaging.ModelFormat;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.ArtifactStore;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.cancel.Cancellation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the evaluator answers when it cannot finish: a FAILED result with the reason, never an
 * exception.
 */
class EvaluationFailuresTest {
  static final EvaluatorIdentity IDENTITY =
      new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch");

  @TempDir Path dir;

  @Test
  void aFullDiskFailsTheCandidateRetriablyWithTheReasonAndLeavesNoScratchFile() throws Exception {
    Path incoming = Files.createDirectories(dir.resolve(".incoming"));
    ArtifactStore full =
        new ArtifactStore() {
          @Override
          public ArtifactRef put(
              UUID jobId, UUID candidateId, int attempt, ModelFormat format, Path file)
              throws IOException {
            throw new IOException("No space left on device");
          }

          @Override
          public Path newTempFile() throws IOException {
            return Files.createTempFile(incoming, "model-", ".zip");
          }
        };
    var request =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 4);

    EvaluationResult result = new CandidateEvaluator(IDENTITY, full).evaluate(request);

    assertThat(result.status()).isEqualTo(EvaluationResult.Status.FAILED);
    assertThat(result.error().reason())
        .contains("could not store the model file")
        .contains("No space left on device");
    assertThat(result.error().retriable())
        .as("the disk, not the candidate: the worker may try again")
        .isTrue();
    try (var left = Files.list(incoming)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aCancelledEvaluationStopsAtItsFirstBatchAndStoresNoModel() throws Exception {
    FileArtifactStore store = new FileArtifactStore(dir);
    var request =
        Candidates.request(
            Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 50, 2000, 5);
    Cancellation cancellation = new Cancellation();
    cancellation.cancel("exceeded the evaluation time limit of 1 min");

    EvaluationResult result =
        new CandidateEvaluator(IDENTITY, store).evaluate(request, cancellation);

    assertThat(result.status()).isEqualTo(EvaluationResult.Status.FAILED);
    assertThat(result.error().reason()).isEqualTo("exceeded the evaluation time limit of 1 min");
    assertThat(result.error().retriable()).isFalse();
    assertThat(result.trainingCurve()).isEmpty();
    assertThat(
            store
                .path(request.jobId(), request.candidateId(), request.attempt(), ModelFormat.ONNX)
                .getParent())
        .doesNotExist();
  }
}
