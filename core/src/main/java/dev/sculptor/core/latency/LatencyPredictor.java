package dev.sculptor.core.latency;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicts batch-1 latency in ONNX Runtime on a CPU from the kernels it runs for a network ({@link
 * OnnxRuntimeCpuPlan}: convolutions with their batch norm and ReLU as one kernel, as in nn-Meter,
 * in the blocked or the plain layout, and the layout reorders between them): a linear model over,
 * per kernel kind and layout, the number of kernels (each launch's fixed overhead), their MACs
 * (compute) and the bytes they read and write (memory), fitted by least squares on networks timed
 * on the target (the evaluator's {@code calibrate}).
 */
public final class LatencyPredictor {
  /**
   * Kernel groups with a count, MACs and bytes each, in feature order: per kind, blocked, blocked
   * reading the plain layout (few input channels: another algorithm), plain.
   */
  private static final List<String> CONVOLUTIONS =
      List.of(
          "conv 3x3 blocked",
          "conv 3x3 blocked from plain",
          "conv 3x3 plain",
          "conv 5x5 blocked",
          "conv 5x5 blocked from plain",
          "conv 5x5 plain",
          "pointwise blocked",
          "pointwise blocked from plain",
          "pointwise plain",
          "depthwise blocked",
          "depthwise plain");

  /** Kernel groups with a count and bytes each, in feature order after the convolutions. */
  private static final List<String> ELEMENT_WISE =
      List.of("add", "pool", "gelu", "swish", "reorder to blocked", "reorder to plain");

  public static final List<String> FEATURES = featureNames();

  private LatencyPredictor() {}

  private static List<String> featureNames() {
    List<String> names = new ArrayList<>(List.of("constant"));
    for (String c : CONVOLUTIONS) names.addAll(List.of(c + " kernels", c + " MMACs", c + " MB"));
    names.addAll(List.of("dense kernels", "dense MMACs"));
    for (String e : ELEMENT_WISE) names.addAll(List.of(e + " kernels", e + " MB"));
    return List.copyOf(names);
  }

  /**
   * The features of {@code net} as ONNX Runtime runs it with channel blocks of {@code layoutBlock}
   * (1: no blocked layout).
   */
  public static double[] features(NetworkSpec net, int layoutBlock) {
    double[] f = new double[FEATURES.size()];
    f[0] = 1;
    int dense = 1 + 3 * CONVOLUTIONS.size();
    int elementWise = dense + 2;
    boolean gelu = net.activation() == Activation.GELU;
    for (OnnxRuntimeCpuPlan.Step step : OnnxRuntimeCpuPlan.of(net, layoutBlock)) {
      Kernel k = step.kernel();
      int layout = !step.blocked() ? 2 : step.blockedInput() ? 0 : 1;
      double mmacs = k.macs() / 1e6;
      double mb = k.bytes(4) / 1e6;
      switch (k.kind()) {
        case CONV -> add(f, 1 + 3 * ((k.size() > 3 ? 3 : 0) + layout), mmacs, mb);
        case POINTWISE -> add(f, 1 + 3 * (6 + layout), mmacs, mb);
        case DEPTHWISE -> add(f, 1 + 3 * (9 + (step.blocked() ? 0 : 1)), mmacs, mb);
        case DENSE -> {
          f[dense] += 1;
          f[dense + 1] += mmacs;
        }
        case ADD -> count(f, elementWise, mb);
        case POOL -> count(f, elementWise + 2, mb);
        case ACTIVATION -> count(f, elementWise + (gelu ? 4 : 6), mb);
        case REORDER -> count(f, elementWise + (step.blocked() ? 8 : 10), mb);
      }
    }
    return f;
  }

  private static void add(double[] f, int at, double mmacs, double mb) {
    f[at] += 1;
    f[at + 1] += mmacs;
    f[at + 2] += mb;
  }

  private static void count(double[] f, int at, double mb) {
    f[at] += 1;
    f[at + 1] += mb;
  }

  public static double predictMs(FittedLatencyModel model, NetworkSpec net) {
    if (!FEATURES.equals(model.features())) {
      throw new IllegalStateException(
          "the "
              + model.hardwareTarget()
              + " latency model was fitted on other features than "
              + "this predictor computes; run evaluator calibrate again");
    }
    double[] f = features(net, model.layoutBlock());
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
