package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model file says which candidate it is: a final training's model names the candidate it
 * retrains (not the final training's own id, which keys its result and files) and says it is the
 * final training; a search model names its candidate and the search stage. Real (tiny) trainings on
 * the synthetic dataset.
 */
class FinalModelMetadataTest {
  @TempDir Path artifacts;

  @Test
  void aFinalModelNamesTheCandidateItRetrainsAndItsFinalTraining() throws Exception {
    CandidateEvaluator evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(artifacts));
    EvaluationRequest search =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 4);
    UUID finalId = UUID.randomUUID();
    EvaluationRequest fin =
        Candidates.finalTrainingOf(search, finalId, new FinalTraining(1, 1, 0, 1, 0, null, null));

    EvaluationResult atSearch = evaluator.evaluate(search);
    EvaluationResult atFinal = evaluator.evaluate(fin);

    assertThat(atSearch.status())
        .as(String.valueOf(atSearch.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(atFinal.status())
        .as(String.valueOf(atFinal.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(metadata(atSearch))
        .containsEntry("sculptor.job_id", search.jobId().toString())
        .containsEntry("sculptor.candidate_id", search.candidateId().toString())
        .containsEntry("sculptor.stage", "search")
        .doesNotContainKey("sculptor.final_training_id");
    assertThat(metadata(atFinal))
        .containsEntry("sculptor.job_id", search.jobId().toString())
        .containsEntry("sculptor.candidate_id", search.candidateId().toString())
        .containsEntry("sculptor.stage", "final")
        .containsEntry("sculptor.final_training_id", finalId.toString());
    // the files and the result stay keyed by the final training, apart from the candidate's
    assertThat(atFinal.candidateId()).isEqualTo(finalId);
    assertThat(atFinal.artifact().uri())
        .contains(finalId.toString())
        .doesNotContain(search.candidateId().toString());
  }

  private static Map<String, String> metadata(EvaluationResult result) throws Exception {
    ModelProto model =
        ModelProto.parseFrom(Files.readAllBytes(Path.of(URI.create(result.artifact().uri()))));
    Map<String, String> props = new HashMap<>();
    model.getMetadataPropsList().forEach(e -> props.put(e.getKey(), e.getValue()));
    return props;
  }
}
