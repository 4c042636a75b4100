package dev.sculptor.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.latency.LatencyPredictor;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  @Test
  void calibrationTimesExportedNetworksInOnnxRuntimeAndReportsItsHeldOutError() {
    Calibration.Result r = Calibration.run("host-cpu", "test", 1, 6, 2, 2.0 / 3, 5, line -> {});
    assertThat(r.samples()).hasSize(6);
    assertThat(r.samples().stream().filter(Calibration.Sample::heldOut)).hasSize(2);
    assertThat(r.samples())
        .allSatisfy(
            s -> {
              assertThat(s.repeatsMs()).hasSize(2);
              assertThat(s.ms())
                  .isPositive()
                  .isEqualTo(Math.min(s.repeatsMs()[0], s.repeatsMs()[1]));
            });
    assertThat(r.model().features()).isEqualTo(LatencyPredictor.FEATURES);
    assertThat(r.model().fittedOn()).isEqualTo(4);
    assertThat(r.model().heldOut().networks()).isEqualTo(2);
    assertThat(r.model().method())
        .contains("ONNX Runtime")
        .contains("300 warm-up + 100 timed runs")
        .contains("load average");
  }
}
