package dev.sculptor.evaluator.export;

import dev.sculptor.core.network.InputShape;
import dev.sculptor.evaluator.data.LabeledImages;
import java.util.SplittableRandom;

/** Seeded images for export tests that need no dataset. */
final class RandomImages {
  private RandomImages() {}

  /** {@code n} images of uniform [0, 1) pixels with random labels. */
  static LabeledImages images(InputShape shape, int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] pixels = new float[n * shape.channels() * shape.height() * shape.width()];
    for (int i = 0; i < pixels.length; i++) pixels[i] = (float) r.nextDouble();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = r.nextInt(classes);
    return new LabeledImages(shape, pixels, labels, classes);
  }
}
