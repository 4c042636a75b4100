package dev.sculptor.evaluator.measurement;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.network.InferenceMode;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Batch-1 latency in inference mode: warm-up runs, then {@code runs} timed forward passes with a
 * fixed intra-op thread count; reports median, p90 and the coefficient of variation.
 */
public final class LatencyMeter {
  /** Milliseconds of each timed run, sorted, and the summary. */
  public record Timing(
      double medianMs, double p90Ms, double coefficientOfVariation, int runs, int threads) {}

  private LatencyMeter() {}

  public static Timing measure(CandidateModel model, int warmup, int runs, int threads) {
    return measure(model, warmup, runs, threads, Cancellation.none());
  }

  /** As above, and stops before the next run once {@code cancellation} is cancelled. */
  public static Timing measure(
      CandidateModel model, int warmup, int runs, int threads, Cancellation cancellation) {
    return InferenceMode.run(() -> timed(model, warmup, runs, threads, cancellation));
  }

  private static Timing timed(
      CandidateModel model, int warmup, int runs, int threads, Cancellation cancellation) {
    int previous = JniUtils.getNumThreads();
    JniUtils.setNumThreads(threads);
    try {
      float[] image =
          new float
              [model.spec().input().channels()
                  * model.spec().input().height()
                  * model.spec().input().width()];
      SplittableRandom random = new SplittableRandom(1);
      for (int i = 0; i < image.length; i++) image[i] = (float) random.nextDouble();
      ParameterStore store = new ParameterStore(model.manager(), false);
      double[] ms = new double[runs];
      for (int i = -warmup; i < runs; i++) {
        cancellation.check();
        try (NDManager run = model.manager().newSubManager()) {
          var input = new NDList(run.create(image, model.shape(1)));
          long start = System.nanoTime();
          float[] logits =
              model.block().forward(store, input, false).singletonOrThrow().toFloatArray();
          long elapsed = System.nanoTime() - start;
          if (logits.length == 0) throw new IllegalStateException("network produced no output");
          if (i >= 0) ms[i] = elapsed / 1e6;
        }
      }
      return summarise(ms, threads);
    } finally {
      JniUtils.setNumThreads(previous);
    }
  }

  static Timing summarise(double[] ms, int threads) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(0);
    double variance =
        Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum()
            / Math.max(1, sorted.length - 1);
    return new Timing(
        percentile(sorted, 0.5),
        percentile(sorted, 0.9),
        mean == 0 ? 0 : Math.sqrt(variance) / mean,
        sorted.length,
        threads);
  }

  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) return 0;
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
