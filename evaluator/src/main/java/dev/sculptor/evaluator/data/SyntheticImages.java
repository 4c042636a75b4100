package dev.sculptor.evaluator.data;

import dev.sculptor.core.network.InputShape;
import java.util.SplittableRandom;

/**
 * A seeded, learnable 10-class dataset made on the fly: each class is a bright bar at its own
 * position and orientation on 28×28, with noise and jitter. Tiny and fast, for tests.
 */
public final class SyntheticImages {
  private SyntheticImages() {}

  public static LabeledImages generate(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    InputShape shape = InputShape.MNIST;
    float[] pixels = new float[n * 784];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(10);
      labels[i] = label;
      int offset = (label % 5) * 5 + 2 + random.nextInt(-1, 2);
      boolean vertical = label >= 5;
      for (int p = 0; p < 784; p++) pixels[i * 784 + p] = (float) (random.nextDouble() * 0.3);
      for (int a = 4; a < 24; a++) {
        for (int t = 0; t < 3; t++) {
          int row = vertical ? a : offset + t;
          int col = vertical ? offset + t : a;
          pixels[i * 784 + row * 28 + col] = (float) (0.7 + random.nextDouble() * 0.3);
        }
      }
    }
    return new LabeledImages(shape, pixels, labels, 10);
  }

  public static DatasetSplits splits(long seed) {
    return new DatasetSplits(
        "synthetic", generate(2000, seed), generate(500, seed + 1), generate(500, seed + 2));
  }
}
