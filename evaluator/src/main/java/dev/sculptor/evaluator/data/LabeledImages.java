package dev.sculptor.evaluator.data;

import dev.sculptor.core.network.InputShape;

/** Images as floats in [0, 1], NCHW row-major, with their class labels. */
public record LabeledImages(InputShape shape, float[] pixels, int[] labels, int classes) {

  public int size() {
    return labels.length;
  }

  public int imageSize() {
    return shape.channels() * shape.height() * shape.width();
  }

  /** The first {@code n} examples (or all, if there are fewer). */
  public LabeledImages first(int n) {
    if (n >= size()) return this;
    float[] p = java.util.Arrays.copyOf(pixels, n * imageSize());
    return new LabeledImages(shape, p, java.util.Arrays.copyOf(labels, n), classes);
  }
}
