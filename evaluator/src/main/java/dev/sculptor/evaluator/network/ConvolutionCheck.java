package dev.sculptor.evaluator.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Random;

/**
 * Whether libtorch computes convolutions right on this machine: its conv2d against a plain loop,
 * for input channel counts on and off oneDNN's channel blocks. On an AVX-512 machine oneDNN's AVX
 * kernels got counts off the block wrong (see evaluator/README.md); an evaluator that cannot
 * convolve must not train or judge candidates, so it checks before it serves.
 */
public final class ConvolutionCheck {
  /** Counts on and off the blocks of 8 (AVX2) and 16 (AVX-512), batch large enough for oneDNN. */
  private static final int[] INPUT_CHANNELS = {8, 9, 12, 17, 18, 24, 33};

  private static final int BATCH = 16, SIZE = 10, KERNEL = 3, OUT = 8;

  /** Largest forward difference a right convolution shows here: float rounding is about 1e-5. */
  public static final double TOLERANCE = 1e-3;

  private ConvolutionCheck() {}

  /**
   * A problem description for the first channel count computed wrong, or null when all are right.
   */
  public static String problem() {
    for (int in : INPUT_CHANNELS) {
      double error = largestForwardError(in, BATCH, new Random(in));
      if (!(error <= TOLERANCE))
        return "libtorch's conv2d is wrong on this machine for "
            + in
            + " input channels (off by up to "
            + error
            + "): run the evaluator with evaluator/native.env's ONEDNN_MAX_CPU_ISA";
    }
    return null;
  }

  /** Largest |libtorch − plain loop| of one conv (3×3, padding 1) on random inputs. */
  public static double largestForwardError(int in, int batch, Random random) {
    float[] x = gaussian(random, batch * in * SIZE * SIZE);
    float[] w = gaussian(random, OUT * in * KERNEL * KERNEL);
    float[] y;
    try (NDManager m = NDManager.newBaseManager()) {
      y =
          conv3x3(
                  m.create(x, new Shape(batch, in, SIZE, SIZE)),
                  m.create(w, new Shape(OUT, in, KERNEL, KERNEL)))
              .toFloatArray();
    }
    double worst = 0;
    for (int b = 0; b < batch; b++)
      for (int o = 0; o < OUT; o++)
        for (int i = 0; i < SIZE; i++)
          for (int j = 0; j < SIZE; j++) {
            double sum = 0;
            for (int c = 0; c < in; c++)
              for (int di = 0; di < KERNEL; di++)
                for (int dj = 0; dj < KERNEL; dj++) {
                  int ii = i + di - 1, jj = j + dj - 1;
                  if (ii < 0 || jj < 0 || ii >= SIZE || jj >= SIZE) continue;
                  sum +=
                      (double) x[((b * in + c) * SIZE + ii) * SIZE + jj]
                          * w[((o * in + c) * KERNEL + di) * KERNEL + dj];
                }
            double d = Math.abs(sum - y[((b * OUT + o) * SIZE + i) * SIZE + j]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
          }
    return worst;
  }

  /** libtorch's conv2d of {@code x} with 3×3 kernels {@code w}: stride 1, padding 1, no bias. */
  public static NDArray conv3x3(NDArray x, NDArray w) {
    return Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
        .singletonOrThrow();
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
    return v;
  }
}
