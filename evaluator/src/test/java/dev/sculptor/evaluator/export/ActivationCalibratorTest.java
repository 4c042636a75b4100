package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.network.ActivationRanges;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationCalibratorTest {
  static final NetworkSpec SPEC =
      NetworkDecoder.decode(Candidates.smallCnn(Precision.FP32, List.of()), InputShape.MNIST, 10);
  static final LabeledImages IMAGES = RandomImages.images(InputShape.MNIST, 64, 10, 5);

  @Test
  void minMaxCoversEveryValueAndPercentileClipsTheTails() {
    NetworkWeights weights = RandomWeights.of(SPEC, 2);
    ActivationRanges minMax =
        ActivationCalibrator.calibrate(SPEC, weights, IMAGES, 64, CalibrationMethod.minMax());
    ActivationRanges p90 =
        ActivationCalibrator.calibrate(
            SPEC, weights, IMAGES, 64, new CalibrationMethod.Percentile(90));

    // Uniform [0, 1) pixels: min-max sees (almost) the whole unit range, the 90th percentile about
    // 0.9.
    assertThat(minMax.range(OnnxExporter.INPUT).orElseThrow().max()).isCloseTo(1f, within(0.001f));
    assertThat(p90.range(OnnxExporter.INPUT).orElseThrow().max()).isCloseTo(0.9f, within(0.01f));
    assertThat(minMax.ranges().keySet())
        .isEqualTo(p90.ranges().keySet())
        .contains("stem.act", "features");
    minMax
        .ranges()
        .forEach(
            (tensor, r) -> {
              assertThat(p90.range(tensor).orElseThrow().max())
                  .as(tensor)
                  .isLessThanOrEqualTo(r.max());
              assertThat(p90.range(tensor).orElseThrow().min())
                  .as(tensor)
                  .isGreaterThanOrEqualTo(r.min());
            });
    assertThat(minMax.images()).isEqualTo(64);
    assertThat(p90.method()).isEqualTo("percentile 90.0");
  }

  @Test
  void uint8ParametersKeepZeroExact() {
    ActivationRanges.Range relu = new ActivationRanges.Range(0f, 5.1f);
    ActivationRanges.Range signed = new ActivationRanges.Range(-1f, 3f);
    ActivationRanges.Range positive = new ActivationRanges.Range(2f, 4f);

    assertThat(relu.scale()).isCloseTo(0.02f, within(1e-7f));
    assertThat(relu.zeroPoint()).isZero();
    assertThat(signed.zeroPoint()).isEqualTo(64);
    // A range that excludes 0 is widened to include it, so zero padding quantises exactly.
    assertThat(positive.zeroPoint()).isZero();
    assertThat(positive.scale()).isCloseTo(4f / 255, within(1e-7f));
    assertThat(new ActivationRanges.Range(0f, 0f).scale()).isEqualTo(1f);
  }
}
