package dev.sculptor.evaluator.compression;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Thin singular value decomposition {@code A = U Σ Vᵀ} of a small dense matrix by one-sided
 * (Hestenes) Jacobi rotations, in double precision. DJL's API has no SVD, and the layers factorised
 * are at most a few thousand wide, so plain Java is fast enough and exact to rounding.
 *
 * @param rows rows of A
 * @param cols columns of A
 * @param u left singular vectors, {@code rows × k} row-major, {@code k = min(rows, cols)}
 * @param s singular values, descending, {@code k} of them
 * @param v right singular vectors, {@code cols × k} row-major
 */
public record Svd(int rows, int cols, double[] u, double[] s, double[] v) {
  private static final int MAX_SWEEPS = 60;
  private static final double EPSILON = 1e-13;

  public int rank() {
    return s.length;
  }

  /** Decomposes {@code a}, {@code rows × cols} row-major. */
  public static Svd of(float[] a, int rows, int cols) {
    if ((long) rows * cols != a.length)
      throw new IllegalArgumentException(
          a.length + " values for a " + rows + "×" + cols + " matrix");
    // Jacobi orthogonalises columns: work on the orientation with the fewer columns.
    boolean transposed = cols > rows;
    int m = transposed ? cols : rows;
    int n = transposed ? rows : cols;
    // columns of the working matrix, each of length m
    double[][] w = new double[n][m];
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < cols; c++) {
        if (transposed) w[r][c] = a[r * cols + c];
        else w[c][r] = a[r * cols + c];
      }
    double[][] vt = new double[n][n];
    for (int i = 0; i < n; i++) vt[i][i] = 1;
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          double alpha = dot(w[p], w[p]);
          double beta = dot(w[q], w[q]);
          double gamma = dot(w[p], w[q]);
          if (Math.abs(gamma) <= EPSILON * Math.sqrt(alpha * beta) || gamma == 0) continue;
          rotated = true;
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          if (zeta == 0) t = 1;
          double c = 1 / Math.sqrt(1 + t * t);
          double sn = c * t;
          rotate(w[p], w[q], c, sn);
          rotate(vt[p], vt[q], c, sn);
        }
      }
      if (!rotated) break;
    }
    double[] norms = new double[n];
    for (int j = 0; j < n; j++) norms[j] = Math.sqrt(dot(w[j], w[j]));
    int[] order =
        IntStream.range(0, n)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer j) -> -norms[j]))
            .mapToInt(Integer::intValue)
            .toArray();
    // left vectors of the working matrix (m × n) and right ones (n × n), as columns in order
    double[] s = new double[n];
    double[] left = new double[m * n];
    double[] right = new double[n * n];
    for (int k = 0; k < n; k++) {
      int j = order[k];
      s[k] = norms[j];
      for (int i = 0; i < m; i++) left[i * n + k] = s[k] == 0 ? 0 : w[j][i] / s[k];
      for (int i = 0; i < n; i++) right[i * n + k] = vt[j][i];
    }
    // Aᵀ = U' Σ V'ᵀ means A = V' Σ U'ᵀ
    return transposed ? new Svd(rows, cols, right, s, left) : new Svd(rows, cols, left, s, right);
  }

  /**
   * The best rank-{@code r} approximation split into two factors with √Σ in each: {@code first} is
   * {@code r × cols} ({@code √Σ_r V_rᵀ}) and {@code second} {@code rows × r} ({@code U_r √Σ_r}),
   * both row-major, so {@code second · first ≈ A}.
   */
  public Factors factors(int r) {
    if (r < 1 || r > rank()) throw new IllegalArgumentException("rank " + r + " of " + rank());
    int k = rank();
    float[] first = new float[r * cols];
    float[] second = new float[rows * r];
    for (int j = 0; j < r; j++) {
      double root = Math.sqrt(s[j]);
      for (int c = 0; c < cols; c++) first[j * cols + c] = (float) (root * v[c * k + j]);
      for (int i = 0; i < rows; i++) second[i * r + j] = (float) (root * u[i * k + j]);
    }
    return new Factors(first, second, r);
  }

  /** Two factors of a low-rank approximation, row-major; {@code second · first ≈ A}. */
  public record Factors(float[] first, float[] second, int rank) {}

  /** {@code U_r Σ_r V_rᵀ}, row-major: the best rank-{@code r} approximation of A. */
  public double[] reconstruct(int r) {
    int k = rank();
    double[] a = new double[rows * cols];
    for (int i = 0; i < rows; i++)
      for (int c = 0; c < cols; c++) {
        double sum = 0;
        for (int j = 0; j < r; j++) sum += u[i * k + j] * s[j] * v[c * k + j];
        a[i * cols + c] = sum;
      }
    return a;
  }

  @Override
  public String toString() {
    return "Svd[" + rows + "×" + cols + ", s=" + Arrays.toString(s) + "]";
  }

  private static double dot(double[] x, double[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) sum += x[i] * y[i];
    return sum;
  }

  private static void rotate(double[] x, double[] y, double c, double s) {
    for (int i = 0; i < x.length; i++) {
      double a = x[i];
      double b = y[i];
      x[i] = c * a - s * b;
      y[i] = s * a + c * b;
    }
  }
}
