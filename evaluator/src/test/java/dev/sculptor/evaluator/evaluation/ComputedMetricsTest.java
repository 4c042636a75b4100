package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.metrics.ComputedMetrics;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.export.ModelSizeBoundTest;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the search computes before sending a candidate ({@link ComputedMetrics}) against what the
 * evaluator reports after training, pruning and exporting it, at each precision: parameters, MACs
 * and peak memory are the same numbers, and the measured size (the stored .onnx file) is never
 * below the computed bound.
 */
class ComputedMetricsTest {
  @TempDir Path artifacts;

  @Test
  void theComputedNumbersAreTheReportedOnesAndTheSizeBoundHoldsAtEachPrecision() {
    CandidateEvaluator evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(artifacts));
    DatasetInfo synthetic = DatasetCatalog.builtIn("synthetic").orElseThrow();
    for (Precision precision : Precision.values()) {
      CandidateSpec candidate =
          Candidates.smallCnn(precision, Collections.nCopies(prunable(precision), 0.5));
      EvaluationResult result =
          evaluator.evaluate(Candidates.request(candidate, "synthetic", 1, 300, 3));
      assertThat(result.status())
          .as(String.valueOf(result.error()))
          .isEqualTo(EvaluationResult.Status.SUCCEEDED);

      Metrics measured = result.metrics();
      ComputedMetrics computed =
          ComputedMetrics.of(
              NetworkDecoder.decodePruned(candidate, synthetic.shape(), synthetic.classes()),
              precision);
      assertThat(computed.params()).as("%s params", precision).isEqualTo(measured.params());
      assertThat(computed.macs()).as("%s MACs", precision).isEqualTo(measured.macs());
      assertThat(computed.peakActivationBytes())
          .as("%s peak memory", precision)
          .isEqualTo(measured.peakActivationBytes());
      assertThat(measured.modelBytes())
          .as(
              "%s: file %d, bound %d",
              precision, measured.modelBytes(), computed.modelBytesAtLeast())
          .isGreaterThanOrEqualTo(computed.modelBytesAtLeast())
          .isLessThanOrEqualTo(
              computed.modelBytesAtLeast() + ModelSizeBoundTest.MAX_OVERHEAD_BYTES);
    }
  }

  private static int prunable(Precision precision) {
    CandidateSpec plain = Candidates.smallCnn(precision, List.of());
    DatasetInfo synthetic = DatasetCatalog.builtIn("synthetic").orElseThrow();
    return NetworkDecoder.decode(plain, synthetic.shape(), synthetic.classes())
        .prunableLayers()
        .size();
  }
}
