package dev.sculptor.evaluator.network;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libtorch's conv2d, forward ({@link ConvolutionCheck}, which the evaluator runs before it serves)
 * and weight gradient, equals a plain loop for input channel counts on and off oneDNN's channel
 * blocks (8 under AVX2, 16 under AVX-512). On this project's machine (AMD EPYC with AVX-512,
 * 2026-12-03) it did not with oneDNN capped at AVX2: at batch 64 every count from 9 to 15 and 17 to
 * 23 was off by 14 to 22 (12 channels: 22.3), with AVX-512 17 to 31 and 33, so pruned networks
 * trained on wrong convolutions and their ONNX export, computed right by ONNX Runtime, failed the
 * parity check. native.env's {@code ONEDNN_MAX_CPU_ISA=SSE41} fixed every count. Batch 1 was always
 * right (libtorch then skips oneDNN).
 */
class ConvolutionAgainstReferenceTest {
  private static final int BATCH = 64, SIZE = 14, KERNEL = 3, OUT = 16;

  @ParameterizedTest(name = "{0} input channels")
  @ValueSource(ints = {1, 8, 9, 12, 16, 17, 18, 24, 33})
  void forwardEqualsAPlainLoop(int in) {
    assertThat(ConvolutionCheck.largestForwardError(in, BATCH, new Random(in)))
        .as("largest forward difference")
        .isLessThan(ConvolutionCheck.TOLERANCE);
  }

  @Test
  void theEvaluatorsStartUpCheckFindsNoProblem() {
    assertThat(ConvolutionCheck.problem()).isNull();
  }

  @ParameterizedTest(name = "{0} input channels")
  @ValueSource(ints = {1, 9, 12, 17, 24})
  void weightGradientEqualsAPlainLoop(int in) {
    Random random = new Random(in);
    float[] x = gaussian(random, BATCH * in * SIZE * SIZE);
    float[] w = gaussian(random, OUT * in * KERNEL * KERNEL);
    float[] upstream = gaussian(random, BATCH * OUT * SIZE * SIZE);
    float[] weightGradient;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray weight = m.create(w, new Shape(OUT, in, KERNEL, KERNEL));
      weight.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray output =
            ConvolutionCheck.conv3x3(m.create(x, new Shape(BATCH, in, SIZE, SIZE)), weight);
        collector.backward(output.mul(m.create(upstream, output.getShape())).sum());
      }
      weightGradient = weight.getGradient().toFloatArray();
    }

    double[] expected = new double[w.length];
    for (int b = 0; b < BATCH; b++)
      for (int o = 0; o < OUT; o++)
        for (int i = 0; i < SIZE; i++)
          for (int j = 0; j < SIZE; j++) {
            double g = upstream[((b * OUT + o) * SIZE + i) * SIZE + j];
            for (int c = 0; c < in; c++)
              for (int di = 0; di < KERNEL; di++)
                for (int dj = 0; dj < KERNEL; dj++) {
                  int ii = i + di - 1, jj = j + dj - 1;
                  if (ii < 0 || jj < 0 || ii >= SIZE || jj >= SIZE) continue;
                  expected[((o * in + c) * KERNEL + di) * KERNEL + dj] +=
                      g * x[((b * in + c) * SIZE + ii) * SIZE + jj];
                }
          }
    double error = 0;
    for (int k = 0; k < w.length; k++)
      error = Math.max(error, Math.abs(expected[k] - weightGradient[k]));
    // sums of 12,544 products, gradients of size ~400: rounding is about 1e-3
    assertThat(error).as("largest weight-gradient difference").isLessThan(0.05);
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
    return v;
  }
}
