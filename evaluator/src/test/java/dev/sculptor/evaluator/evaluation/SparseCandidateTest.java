package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.export.SparseStorage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate whose plan asks for unstructured sparsity, through the whole protocol (synthetic
 * data, 300 images, 1 epoch and the 1-epoch fine-tune that sparsity forces): the result records the
 * sparsity reached, the stored file is dense and counted so, and its int8 weights keep the zeros.
 */
class SparseCandidateTest {
  @TempDir Path artifacts;

  @Test
  void aSparseInt8CandidateReportsTheSparsityReachedAndItsDenseFileKeepsTheZeros()
      throws Exception {
    CandidateSpec small = Candidates.smallCnn(Precision.INT8, List.of());
    CandidateSpec candidate =
        new CandidateSpec(
            small.architecture(),
            new CompressionPlan(Precision.INT8, List.of(), 0.75, null, null, List.of(), null),
            small.training());
    CandidateEvaluator evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(artifacts));

    EvaluationResult result =
        evaluator.evaluate(Candidates.request(candidate, "synthetic", 1, 300, 3));

    assertThat(result.status())
        .as(String.valueOf(result.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(result.trainingCurve())
        .extracting(c -> c.phase())
        .containsExactly("train", "fine-tune");
    var check = result.metrics().export();
    // every sparsified layer ends at ceil(0.75 n) zeros: a shade above 0.75 over all of them
    assertThat(check.weightSparsity()).isBetween(0.75, 0.76);
    byte[] onnx = Files.readAllBytes(Path.of(URI.create(result.artifact().uri())));
    // the size the constraint sees is the dense file's; the sparse format is information only
    assertThat(result.metrics().modelBytes()).isEqualTo(onnx.length);
    assertThat(check.sparseFormatBytes())
        .isEqualTo(SparseStorage.of(onnx).sparseBytes())
        .isLessThan(onnx.length);
    // the int8 weights of the blocks (stem and classifier stay fp32 by default) keep the zeros
    List<TensorProto> int8Weights =
        ModelProto.parseFrom(onnx).getGraph().getInitializerList().stream()
            .filter(t -> t.getName().endsWith(".weight.q"))
            .filter(t -> !t.getName().contains("dw"))
            .toList();
    assertThat(int8Weights).isNotEmpty();
    for (TensorProto t : int8Weights) {
      long n = t.getRawData().size();
      assertThat(SparseStorage.zeros(t))
          .as(t.getName())
          .isGreaterThanOrEqualTo((long) Math.ceil(0.75 * n));
    }
  }

  @Test
  void aPrunedSparseCandidateTrainsOnAFreshThreadAsTheEvaluationLoopRunsIt() throws Exception {
    CandidateSpec small = Candidates.smallCnn(Precision.FP32, List.of());
    CandidateSpec candidate =
        new CandidateSpec(
            small.architecture(),
            new CompressionPlan(
                Precision.FP32, List.of(0.5, 0.5, 0.5), 0.5, null, null, List.of(), null),
            small.training());
    CandidateEvaluator evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(artifacts));
    EvaluationResult[] result = new EvaluationResult[1];
    Thread thread =
        Thread.ofPlatform()
            .start(
                () ->
                    result[0] =
                        evaluator.evaluate(Candidates.request(candidate, "synthetic", 1, 300, 3)));
    thread.join();

    assertThat(result[0].status())
        .as(String.valueOf(result[0].error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(result[0].metrics().export().weightSparsity()).isBetween(0.5, 0.51);
  }

  @Test
  void aDensePlanReportsNoSparsity() {
    CandidateEvaluator evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(artifacts));

    EvaluationResult result =
        evaluator.evaluate(
            Candidates.request(
                Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 3));

    assertThat(result.status()).isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(result.metrics().export().weightSparsity()).isNull();
    assertThat(result.metrics().export().sparseFormatBytes()).isNull();
  }
}
