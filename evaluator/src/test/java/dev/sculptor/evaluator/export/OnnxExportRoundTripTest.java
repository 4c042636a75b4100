package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.network.ActivationRanges;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random mobile-cnn candidates (pruned as their genomes say) exported at every precision. */
class OnnxExportRoundTripTest {
  static final int NETWORKS = 200;

  @TempDir Path dir;

  @Test
  void everyRandomCandidateExportsAtEveryPrecisionRunsInOnnxRuntimeAndPassesTheOfficialChecker()
      throws Exception {
    OnnxChecker.assumeInstalled();
    Random random = new Random(17);
    LabeledImages calibration = RandomImages.images(InputShape.MNIST, 4, 10, 1);
    LabeledImages probe = RandomImages.images(InputShape.MNIST, 2, 10, 2);
    for (int i = 0; i < NETWORKS; i++) {
      CandidateSpec candidate = MobileCnnSpace.decode(MobileCnnSpace.random(random), null);
      NetworkSpec spec = NetworkDecoder.decodePruned(candidate, InputShape.MNIST, 10);
      NetworkWeights weights = RandomWeights.of(spec, i);
      ActivationRanges ranges =
          ActivationCalibrator.calibrate(
              spec, weights, calibration, calibration.size(), CalibrationMethod.minMax());
      for (Precision precision : Precision.values()) {
        byte[] onnx =
            OnnxExporter.builder()
                .setPrecision(precision)
                .optActivationRanges(ranges)
                .build()
                .export(spec, weights)
                .bytes();
        OnnxFiles.write(dir.resolve("net" + i + "-" + precision + ".onnx"), onnx);
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(onnx, spec.input(), precision, 1)) {
          float[] logits = ort.logits(probe.images(0, probe.size()), probe.size());
          assertThat(logits).as("network %d at %s: %s", i, precision, spec).hasSize(2 * 10);
          for (float v : logits) assertThat(v).as("network %d at %s", i, precision).isFinite();
        }
      }
    }

    OnnxChecker.Run checker = OnnxChecker.check(dir);

    assertThat(checker.exitCode()).as(checker.output()).isZero();
    assertThat(checker.output())
        .contains("checked " + NETWORKS * Precision.values().length + " failed 0");
  }
}
