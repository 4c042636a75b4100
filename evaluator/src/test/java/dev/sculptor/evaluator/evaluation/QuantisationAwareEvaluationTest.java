package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An int8 candidate that trains quantised, through the whole evaluation protocol. */
class QuantisationAwareEvaluationTest {
  @TempDir Path artifacts;

  @Test
  void anUnprunedInt8CandidateIsFineTunedQuantisedAndItsModelSaysSo() throws Exception {
    CandidateSpec small = Candidates.smallCnn(Precision.INT8, List.of());
    CandidateSpec candidate =
        new CandidateSpec(
            small.architecture(),
            new CompressionPlan(Precision.INT8, List.of(), null, null, null, List.of(), true),
            small.training());
    CandidateEvaluator evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(artifacts));

    EvaluationResult result =
        evaluator.evaluate(Candidates.request(candidate, "mnist-10k", 1, 500, 1));

    assertThat(result.status())
        .as(String.valueOf(result.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    // nothing is pruned, yet the plan fine-tunes: that is where the int8 weights are trained
    assertThat(result.trainingCurve())
        .extracting(EvaluationResult.EpochStats::phase)
        .containsExactly("train", "fine-tune");
    assertThat(result.metrics().accuracySource().method())
        .contains("int8 (quantisation-aware trained) ONNX model");
    ModelProto model =
        ModelProto.parseFrom(Files.readAllBytes(Path.of(URI.create(result.artifact().uri()))));
    Map<String, String> props = new HashMap<>();
    model.getMetadataPropsList().forEach(e -> props.put(e.getKey(), e.getValue()));
    assertThat(props.get("sculptor.int8_training"))
        .startsWith("quantisation-aware trained")
        .contains("weights", "every activation");
  }
}
