package dev.sculptor.core.latency;

import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import java.util.List;

/**
 * Predicts batch-1 latency from a network's shape: a linear model over the MACs and the number of
 * layers of each operator kind (regular conv, depthwise, pointwise, dense), in the spirit of
 * nn-Meter's per-operator tables, fitted by least squares on timed networks.
 */
public final class LatencyPredictor {
  public static final List<String> FEATURES = List.of(
      "constant", "conv MMACs", "depthwise MMACs", "pointwise MMACs", "dense MMACs",
      "conv layers", "depthwise layers", "pointwise layers", "activation M elements");

  private LatencyPredictor() {}

  public static double[] features(NetworkSpec net) {
    double[] f = new double[FEATURES.size()];
    f[0] = 1;
    for (ConvLayer c : net.convs().toList()) {
      int kind = c.depthwise() ? 2 : c.kernel() == 1 ? 3 : 1;
      f[kind] += c.macs() / 1e6;
      f[kind + 4] += 1;
      f[8] += c.out() * (double) c.outHeight() * c.outWidth() / 1e6;
    }
    for (DenseLayer d : net.head()) f[4] += d.macs() / 1e6;
    return f;
  }

  public static double predictMs(FittedLatencyModel model, NetworkSpec net) {
    double[] f = features(net);
    double ms = 0;
    for (int i = 0; i < f.length; i++) ms += model.coefficients()[i] * f[i];
    return Math.max(0, ms);
  }

  /**
   * Least squares on relative error (each network weighted by 1 / its latency, so a 0.2 ms network
   * counts as much as a 5 ms one: the error users see is relative), with a little ridge so collinear
   * features stay solvable; by Gaussian elimination.
   */
  public static double[] fit(List<double[]> features, List<Double> millis) {
    int n = FEATURES.size();
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
      for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
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
    for (int i = 0; i < pct.length; i++) pct[i] = 100 * Math.abs(predicted.get(i) - measured.get(i)) / measured.get(i);
    double[] sorted = pct.clone();
    java.util.Arrays.sort(sorted);
    double within = java.util.Arrays.stream(pct).filter(p -> p <= 10).count() / (double) Math.max(1, pct.length);
    return new LatencyModel.HeldOutError(pct.length, sorted.length == 0 ? 0 : sorted[sorted.length / 2], within,
        sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
  }
}
