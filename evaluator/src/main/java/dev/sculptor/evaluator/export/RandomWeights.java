package dev.sculptor.evaluator.export;

import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded parameters for a network that needs no training (and no libtorch): what calibration times
 * (untrained weights time the same as trained ones) and what export tests check.
 */
public final class RandomWeights {
  private RandomWeights() {}

  /**
   * He-scaled conv and dense weights, batch-norm statistics away from the identity so folding
   * matters.
   */
  public static NetworkWeights of(NetworkSpec spec, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, NetworkWeights.Conv> convs = new LinkedHashMap<>();
    for (ConvLayer c : spec.convs().toList()) {
      int fanIn = c.in() / c.groups() * c.kernel() * c.kernel();
      if (!c.batchNorm()) {
        // the first factor of a low-rank factorised conv: weights alone
        convs.put(
            c.name(),
            new NetworkWeights.Conv(
                normal(r, c.out() * fanIn, Math.sqrt(1.0 / fanIn)), null, null, null, null));
        continue;
      }
      convs.put(
          c.name(),
          new NetworkWeights.Conv(
              normal(r, c.out() * fanIn, Math.sqrt(2.0 / fanIn)),
              uniform(r, c.out(), 0.5, 1.5),
              uniform(r, c.out(), -0.2, 0.2),
              uniform(r, c.out(), -0.2, 0.2),
              uniform(r, c.out(), 0.5, 1.5)));
    }
    Map<String, NetworkWeights.Dense> denses = new LinkedHashMap<>();
    for (DenseLayer d : spec.head()) {
      denses.put(
          d.name(),
          new NetworkWeights.Dense(
              normal(r, d.in() * d.out(), Math.sqrt(1.0 / d.in())),
              d.bias() ? uniform(r, d.out(), -0.1, 0.1) : null));
    }
    return new NetworkWeights(convs, denses);
  }

  private static float[] normal(SplittableRandom r, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller: SplittableRandom has no nextGaussian of its own state in every JDK build
      double u = 1 - r.nextDouble();
      v[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble()));
    }
    return v;
  }

  private static float[] uniform(SplittableRandom r, int n, double lo, double hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(lo, hi);
    return v;
  }
}
