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

  @Test
  void aWarpWithoutRotationOrZoomIsTheShift() {
    float[] image = new float[2 * 5 * 5];
    for (int i = 0; i < image.length; i++) image[i] = i + 1;
    float[] shifted = new float[image.length];
    float[] warped = new float[image.length];
    Augmentation.shift(image, 0, shifted, 0, 2, 5, 5, -2, 1);
    Augmentation.warp(image, 0, warped, 0, 2, 5, 5, -2, 1, 0, 1);
    assertThat(warped).containsExactly(shifted);
  }

  @Test
  void aQuarterTurnRotatesAboutTheCentreAndAZoomMagnifiesIt() {
    float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9}; // 1x3x3
    float[] out = new float[9];
    Augmentation.warp(image, 0, out, 0, 1, 3, 3, 0, 0, Math.PI / 2, 1);
    // each output pixel samples the source at its position turned back by the angle
    assertThat(out).usingComparatorWithPrecision(1e-5f).containsExactly(7, 4, 1, 8, 5, 2, 9, 6, 3);
    Augmentation.warp(image, 0, out, 0, 1, 3, 3, 0, 0, 0, 2);
    // twice as large: the corner samples halfway between the centre and the source's corner
    assertThat(out[0]).isCloseTo((1 + 2 + 4 + 5) / 4f, within(1e-5f));
    assertThat(out[4]).isEqualTo(5);
  }

  @Test
  void skippingDrawsWhatApplyingDrew() {
    Augmentation augmentation = new Augmentation(2, 15, 10);
    float[] image = new float[28 * 28];
    float[] out = new float[28 * 28];
    java.util.Random applied = new java.util.Random(5);
    for (int k = 0; k < 7; k++) augmentation.apply(applied, image, 0, out, 0, 1, 28, 28);
    java.util.Random skipped = new java.util.Random(5);
    augmentation.skip(skipped, 7);
    assertThat(skipped.nextLong()).isEqualTo(applied.nextLong());
    // a shift-only recipe draws two integers per image, as it always did
    java.util.Random shiftsOnly = new java.util.Random(5);
    Augmentation.shifts(2).skip(shiftsOnly, 1);
    java.util.Random plain = new java.util.Random(5);
    plain.nextInt(5);
    plain.nextInt(5);
    assertThat(shiftsOnly.nextLong()).isEqualTo(plain.nextLong());
  }
}
