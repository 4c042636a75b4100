package dev.sculptor.core.latency;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import java.util.List;

/**
 * Predicts batch-1 latency from a network's kernels ({@link Kernel}: conv + batch norm + ReLU is
 * one kernel, as in nn-Meter): a linear model over, per kernel kind, the number of kernels (each
 * launch's fixed overhead), their MACs (compute) and the bytes they read and write (memory), fitted
 * by least squares on networks timed on the target (the evaluator's {@code calibrate}).
 */
public final class LatencyPredictor {
  public static final List<String> FEATURES =
      List.of(
          "constant",
          "conv kernels",
          "conv MMACs",
          "conv MB",
          "depthwise kernels",
          "depthwise MMACs",
          "depthwise MB",
          "pointwise kernels",
          "pointwise MMACs",
          "pointwise MB",
          "dense kernels",
          "dense MMACs",
          "add kernels",
          "add MB",
          "pool MB",
          "gelu kernels",
          "gelu MB",
          "swish kernels",
          "swish MB");

  private LatencyPredictor() {}

  public static double[] features(NetworkSpec net) {
    double[] f = new double[FEATURES.size()];
    f[0] = 1;
    boolean gelu = net.activation() == Activation.GELU;
    for (Kernel k : Kernel.of(net)) {
      double mmacs = k.macs() / 1e6;
      double mb = k.bytes(4) / 1e6;
      switch (k.kind()) {
        case CONV -> add(f, 1, mmacs, mb);
        case DEPTHWISE -> add(f, 4, mmacs, mb);
        case POINTWISE -> add(f, 7, mmacs, mb);
        case DENSE -> {
          f[10] += 1;
          f[11] += mmacs;
        }
        case ADD -> {
          f[12] += 1;
          f[13] += mb;
        }
        case POOL -> f[14] += mb;
        case ACTIVATION -> {
          f[gelu ? 15 : 17] += 1;
          f[gelu ? 16 : 18] += mb;
        }
      }
    }
    return f;
  }

  private static void add(double[] f, int at, double mmacs, double mb) {
    f[at] += 1;
    f[at + 1] += mmacs;
    f[at + 2] += mb;
  }

  public static double predictMs(FittedLatencyModel model, NetworkSpec net) {
    if (!FEATURES.equals(model.features())) {
      throw new IllegalStateException(
          "the "
              + model.hardwareTarget()
              + " latency model was fitted on other features than "
              + "this predictor computes; run evaluator calibrate again");
    }
    double[] f = features(net);
    double ms = 0;
    for (int i = 0; i < f.length; i++) ms += model.coefficients()[i] * f[i];
    return Math.max(0, ms);
  }

  /**
   * Least squares on relative error (each network weighted by 1 / its latency, so a 0.2 ms network
   * counts as much as a 5 ms one: the error users see is relative), with a little ridge so
   * collinear features stay solvable; by Gaussian elimination.
   */
  public static double[] fit(List<double[]> features, List<Double> millis) {
    int n = features.isEmpty() ? FEATURES.size() : features.getFirst().length;
    double[][] a = new double[n][n + 1];
    for (int r = 0; r < features.size(); r++) {
      double w = 1 / Math.max(1e-6, millis.get(r));
      double[] x = features.get(r);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) a[i][j] += w * w * x[i] * x[j];
        a[i][n] += w * w * x[i] * millis.get(r);
      }
    }
    for (int i = 0; i < n; i++) a[i][i] += 1e-6 * Math.max(1, a[i][i]);
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++)
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      if (Math.abs(a[col][col]) < 1e-12) continue;
      for (int r = 0; r < n; r++) {
        if (r == col) continue;
        double factor = a[r][col] / a[col][col];
        for (int c = col; c <= n; c++) a[r][c] -= factor * a[col][c];
      }
    }
    double[] coefficients = new double[n];
    for (int i = 0; i < n; i++) coefficients[i] = Math.abs(a[i][i]) < 1e-12 ? 0 : a[i][n] / a[i][i];
    return coefficients;
  }

  /** How far predictions are from measurements, as absolute percentages. */
  public static LatencyModel.HeldOutError error(List<Double> predicted, List<Double> measured) {
    double[] pct = new double[predicted.size()];
    for (int i = 0; i < pct.length; i++)
      pct[i] = 100 * Math.abs(predicted.get(i) - measured.get(i)) / measured.get(i);
    double[] sorted = pct.clone();
    java.util.Arrays.sort(sorted);
    double within =
        java.util.Arrays.stream(pct).filter(p -> p <= 10).count()
            / (double) Math.max(1, pct.length);
    return new LatencyModel.HeldOutError(
        pct.length,
        sorted.length == 0 ? 0 : sorted[sorted.length / 2],
        within,
        sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
  }
}
