package dev.sculptor.evaluator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.evaluator.EvaluatorSettings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A device that cannot train serves as a time-only evaluator by itself; one told to, always; one
 * told never to refuses to start; and a time-only evaluator must send its candidates to another
 * known target to train.
 */
class TimeOnlyTest {
  static final String CANNOT_TRAIN = "this CPU (Cortex-A72) lacks ARMv8.1's atomic instructions";

  static EvaluatorSettings settings(String timeOnly, String trainOn) {
    return EvaluatorSettings.from(
        new Properties(),
        Map.of(
            "SCULPTOR_TARGET", "arm-cortex-a72",
            "SCULPTOR_TIME_ONLY", timeOnly,
            "SCULPTOR_TRAIN_ON", trainOn));
  }

  @Test
  void byDefaultOnlyAMachineThatCannotTrainServesTimeOnly() {
    assertThat(Main.timeOnly(settings("auto", "host-cpu"), CANNOT_TRAIN)).isTrue();
    assertThat(Main.timeOnly(settings("auto", "host-cpu"), null)).isFalse();
  }

  @Test
  void onAlwaysServesTimeOnlyAndOffRefusesAMachineThatCannotTrain() {
    assertThat(Main.timeOnly(settings("on", "host-cpu"), null)).isTrue();
    assertThat(Main.timeOnly(settings("off", "host-cpu"), null)).isFalse();
    assertThatThrownBy(() -> Main.timeOnly(settings("off", "host-cpu"), CANNOT_TRAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(CANNOT_TRAIN)
        .hasMessageEndingWith("SCULPTOR_TIME_ONLY=off forbids serving as a time-only one");
  }

  @Test
  void itsCandidatesMustTrainOnAnotherKnownTarget() {
    assertThatThrownBy(() -> Main.timeOnly(settings("on", "arm-cortex-a72"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SCULPTOR_TRAIN_ON=arm-cortex-a72 is this evaluator's own target");
    assertThatThrownBy(() -> Main.timeOnly(settings("on", "tpu"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SCULPTOR_TRAIN_ON: unknown target tpu");
    // a machine that trains is not asked where its candidates would train
    assertThat(Main.timeOnly(settings("auto", "tpu"), null)).isFalse();
  }
}
