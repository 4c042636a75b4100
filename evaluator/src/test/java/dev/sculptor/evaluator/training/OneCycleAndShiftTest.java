package dev.sculptor.evaluator.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OneCycleAndShiftTest {
  @Test
  void oneCycleWarmsUpToItsPeakThenAnnealsToAFloor() {
    OneCycle schedule = new OneCycle(0.01f, 100);
    assertThat(schedule.getNewValue(0)).isCloseTo(0.01f / 25, within(1e-7f));
    assertThat(schedule.getNewValue(30)).isCloseTo(0.01f, within(1e-7f));
    assertThat(schedule.getNewValue(65)).isLessThan(0.01f).isGreaterThan(0.001f);
    assertThat(schedule.getNewValue(100)).isCloseTo(0.01f / 1e4f, within(1e-7f));
    assertThat(schedule.getNewValue(500)).isCloseTo(0.01f / 1e4f, within(1e-7f));
  }

  @Test
  void aShiftMovesTheImageAndFillsTheUncoveredBorderWithZeros() {
    float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9}; // 1x3x3
    float[] out = new float[9];
    Augmentation.shift(image, 0, out, 0, 1, 3, 3, 1, -1); // one right, one up
    assertThat(out).containsExactly(0, 4, 5, 0, 7, 8, 0, 0, 0);
  }
}
