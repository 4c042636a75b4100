package dev.sculptor.store.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target's requests can be evaluated while an evaluator of it trains them, or while a time-only
 * one (a Raspberry Pi 4) has a live evaluator of its training target that trains.
 */
class EvaluatorAvailabilityTest {
  static EvaluatorRecord evaluator(String target, String trainsOn) {
    EvaluatorRecord e = new EvaluatorRecord();
    e.id = target + "-" + trainsOn;
    e.hardwareTarget = target;
    e.trainsOn = trainsOn;
    return e;
  }

  static boolean canEvaluate(String target, List<EvaluatorRecord> live) {
    return EvaluatorRepository.whyNot(target, live).isEmpty();
  }

  @Test
  void anEvaluatorThatTrainsItsOwnCandidatesIsEnough() {
    assertThat(canEvaluate("host-cpu", List.of(evaluator("host-cpu", null)))).isTrue();
    assertThat(canEvaluate("arm-cortex-a72", List.of(evaluator("host-cpu", null)))).isFalse();
  }

  @Test
  void aTimeOnlyEvaluatorNeedsALiveEvaluatorThatTrainsOnItsTrainingTarget() {
    EvaluatorRecord pi = evaluator("arm-cortex-a72", "host-cpu");

    assertThat(canEvaluate("arm-cortex-a72", List.of(pi))).isFalse();
    assertThat(canEvaluate("arm-cortex-a72", List.of(pi, evaluator("host-cpu", null)))).isTrue();
    // a time-only evaluator of the training target trains nothing either
    assertThat(canEvaluate("arm-cortex-a72", List.of(pi, evaluator("host-cpu", "nvidia-gpu"))))
        .isFalse();
  }

  @Test
  void theReasonSaysWhetherTheDeviceIsGoneOrOnlyItsTrainerIs() {
    assertThat(EvaluatorRepository.whyNot("arm-cortex-a72", List.of(evaluator("host-cpu", null))))
        .contains("no arm-cortex-a72 evaluator is live (no heartbeat for 15 s)");
    assertThat(
            EvaluatorRepository.whyNot(
                "arm-cortex-a72", List.of(evaluator("arm-cortex-a72", "host-cpu"))))
        .contains(
            "the live arm-cortex-a72 evaluators only time (their candidates train on host-cpu), and"
                + " no evaluator that trains is live on host-cpu");
  }
}
