package dev.sculptor.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.job.DeviceRule.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRuleTest {
  static final LatencyPolicy DEFAULT = LatencyPolicy.PREDICT_OR_REFUSE;
  static final LatencyPolicy WAIT = LatencyPolicy.WAIT_FOR_DEVICE;

  @Test
  void aLiveEvaluatorOfTheTargetMeansMeasuredWhateverThePolicyAndModel() {
    assertThat(
            DeviceRule.decide(
                "arm-cortex-a72", DEFAULT, List.of("host-cpu", "arm-cortex-a72"), false))
        .isEqualTo(Outcome.MEASURED);
    assertThat(DeviceRule.decide("arm-cortex-a72", WAIT, List.of("arm-cortex-a72"), true))
        .isEqualTo(Outcome.MEASURED);
  }

  @Test
  void withoutOneAModelPredictsAndWithoutAModelTheSubmitIsRefused() {
    assertThat(DeviceRule.decide("arm-cortex-a72", DEFAULT, List.of("host-cpu"), true))
        .isEqualTo(Outcome.PREDICTED);
    assertThat(DeviceRule.decide("nvidia-gpu", DEFAULT, List.of("host-cpu"), false))
        .isEqualTo(Outcome.REFUSE);
    assertThat(DeviceRule.decide("nvidia-gpu", null, List.of(), false)).isEqualTo(Outcome.REFUSE);
  }

  @Test
  void waitForDeviceWaitsForTheTargetEvenWhenAModelCouldPredict() {
    assertThat(DeviceRule.decide("nvidia-gpu", WAIT, List.of("host-cpu"), false))
        .isEqualTo(Outcome.WAIT);
    assertThat(DeviceRule.decide("arm-cortex-a72", WAIT, List.of("host-cpu"), true))
        .isEqualTo(Outcome.WAIT);
    assertThat(Outcome.WAIT.starts()).isFalse();
    assertThat(Outcome.REFUSE.starts()).isFalse();
  }

  @Test
  void theRefusalNamesTheTargetAndTheWayOut() {
    assertThat(DeviceRule.refusal("nvidia-gpu"))
        .startsWith("no evaluator attached and no latency model for nvidia-gpu")
        .contains("wait-for-device");
  }

  @Test
  void thePolicyReadsItsIdOrItsNameAndRefusesAnythingElse() {
    assertThat(LatencyPolicy.of("wait-for-device")).isEqualTo(WAIT);
    assertThat(LatencyPolicy.of("PREDICT_OR_REFUSE")).isEqualTo(DEFAULT);
    assertThatThrownBy(() -> LatencyPolicy.of("guess"))
        .hasMessageContaining("predict-or-refuse or wait-for-device");
  }

  @Test
  void aSpecWithoutAPolicyGetsTheDefault() {
    assertThat(
            new JobSpec(null, null, null, null, null, null, null, null, null, null)
                .withDefaults()
                .latencyPolicy())
        .isEqualTo(DEFAULT);
  }
}
