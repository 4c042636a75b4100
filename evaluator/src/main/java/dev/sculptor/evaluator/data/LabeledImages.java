package dev.sculptor.evaluator.data;

import dev.sculptor.core.network.InputShape;
import java.util.Arrays;

/**
 * Images with their class labels; the pixels ({@link Pixels}) are read as floats in [0, 1], NCHW
 * row-major, a batch or an image at a time.
 */
public record LabeledImages(InputShape shape, Pixels pixels, int[] labels, int classes) {

  public LabeledImages {
    if (pixels.length() != (long) labels.length * shape.channels() * shape.height() * shape.width())
      throw new IllegalArgumentException(
          pixels.length() + " pixel values for " + labels.length + " images of " + shape);
  }

  /** Images held as floats. */
  public LabeledImages(InputShape shape, float[] pixels, int[] labels, int classes) {
    this(shape, new Pixels.Floats(pixels), labels, classes);
  }

  public int size() {
    return labels.length;
  }

  public int imageSize() {
    return shape.channels() * shape.height() * shape.width();
  }

  /** Images {@code [start, start + n)} as floats, NCHW. */
  public float[] images(int start, int n) {
    float[] out = new float[Math.multiplyExact(n, imageSize())];
    pixels.read(start * imageSize(), out, 0, out.length);
    return out;
  }

  /** Image {@code index} into {@code to} at {@code offset}. */
  public void image(int index, float[] to, int offset) {
    pixels.read(index * imageSize(), to, offset, imageSize());
  }

  /** The first {@code n} examples (or all, if there are fewer). */
  public LabeledImages first(int n) {
    if (n >= size()) return this;
    return new LabeledImages(
        shape, pixels.slice(0, n * imageSize()), Arrays.copyOf(labels, n), classes);
  }

  /** The examples after the first {@code skip}. */
  public LabeledImages skip(int skip) {
    int n = size() - skip;
    return new LabeledImages(
        shape,
        pixels.slice(skip * imageSize(), n * imageSize()),
        Arrays.copyOfRange(labels, skip, skip + n),
        classes);
  }
}
