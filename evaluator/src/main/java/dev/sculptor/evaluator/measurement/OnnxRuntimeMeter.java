package dev.sculptor.evaluator.measurement;

import dev.sculptor.core.network.InputShape;
import java.util.SplittableRandom;

/**
 * Batch-1 latency of an ONNX model in ONNX Runtime with the protocol of {@link LatencyMeter}:
 * warm-up runs, then {@code runs} timed runs of one fixed random image, median, p90 and CV. The
 * thread count is the one the model's session was created with.
 */
public final class OnnxRuntimeMeter {
  /** The timing and how the model was run. */
  public record Measurement(LatencyMeter.Timing timing, OrtProvenance provenance) {}

  private OnnxRuntimeMeter() {}

  public static Measurement measure(OnnxRuntimeModel model, int warmup, int runs) {
    float[] image = image(model.input());
    double[] ms = new double[runs];
    for (int i = -warmup; i < runs; i++) {
      long start = System.nanoTime();
      float[] logits = model.logits(image, 1);
      long elapsed = System.nanoTime() - start;
      if (logits.length == 0) throw new IllegalStateException("network produced no output");
      if (i >= 0) ms[i] = elapsed / 1e6;
    }
    return new Measurement(
        LatencyMeter.summarise(ms, model.provenance().threads()), model.provenance());
  }

  /**
   * The fixed image every measurement times (seeded: the same on every run), NCHW floats in [0, 1).
   */
  public static float[] image(InputShape in) {
    float[] image = new float[in.channels() * in.height() * in.width()];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < image.length; i++) image[i] = (float) random.nextDouble();
    return image;
  }
}
