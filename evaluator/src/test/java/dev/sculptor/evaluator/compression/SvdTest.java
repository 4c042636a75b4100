package dev.sculptor.evaluator.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SvdTest {

  static float[] random(int rows, int cols, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[rows * cols];
    for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
    return a;
  }

  /** Tall, wide and square, as dense layers and 1×1 convs are. */
  @ParameterizedTest
  @CsvSource({"40, 12", "12, 40", "32, 32", "1, 7", "96, 64"})
  void fullRankReconstructsTheMatrixAndTruncationLosesExactlyTheDroppedSingularValues(
      int rows, int cols) {
    float[] a = random(rows, cols, 31L * rows + cols);
    Svd svd = Svd.of(a, rows, cols);
    int k = Math.min(rows, cols);
    assertThat(svd.rank()).isEqualTo(k);
    for (int j = 1; j < k; j++) assertThat(svd.s()[j]).isLessThanOrEqualTo(svd.s()[j - 1]);

    double[] full = svd.reconstruct(k);
    for (int i = 0; i < a.length; i++) assertThat(full[i]).isCloseTo(a[i], within(1e-4));
    // the factors' product is the same matrix
    float[] product = product(svd.factors(k), rows, cols);
    for (int i = 0; i < a.length; i++)
      assertThat((double) product[i]).isCloseTo(a[i], within(1e-4));

    // Eckart–Young: ‖A − A_r‖²_F = Σ_{j ≥ r} σ_j²
    for (int r = 1; r <= k; r = Math.max(r + 1, r * 2)) {
      float[] approx = product(svd.factors(r), rows, cols);
      double error = 0;
      for (int i = 0; i < a.length; i++) error += Math.pow(a[i] - approx[i], 2);
      double dropped = 0;
      for (int j = r; j < k; j++) dropped += svd.s()[j] * svd.s()[j];
      assertThat(error).as("rank %d", r).isCloseTo(dropped, within(1e-4 * (1 + dropped)));
    }
  }

  @ParameterizedTest
  @CsvSource({"20, 8", "8, 20"})
  void aMatrixOfLowRankIsRecoveredExactlyAtThatRank(int rows, int cols) {
    // rank 3: the product of 20×3 and 3×8 random factors
    float[] left = random(rows, 3, 5);
    float[] right = random(3, cols, 6);
    float[] a = new float[rows * cols];
    for (int i = 0; i < rows; i++)
      for (int c = 0; c < cols; c++)
        for (int j = 0; j < 3; j++) a[i * cols + c] += left[i * 3 + j] * right[j * cols + c];
    Svd svd = Svd.of(a, rows, cols);
    assertThat(svd.s()[3]).isLessThan(1e-5);
    float[] approx = product(svd.factors(3), rows, cols);
    for (int i = 0; i < a.length; i++) assertThat((double) approx[i]).isCloseTo(a[i], within(1e-5));
  }

  static float[] product(Svd.Factors f, int rows, int cols) {
    float[] a = new float[rows * cols];
    for (int i = 0; i < rows; i++)
      for (int c = 0; c < cols; c++) {
        double sum = 0;
        for (int j = 0; j < f.rank(); j++)
          sum += f.second()[i * f.rank() + j] * f.first()[j * cols + c];
        a[i * cols + c] = (float) sum;
      }
    return a;
  }
}
