package dev.sculptor.evaluator.export;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.network.InferenceMode;
import dev.sculptor.evaluator.training.CandidateModel;

/**
 * Checks an export against its source: the fp32 ONNX model must give the DJL network's logits on
 * the same images to within {@link #FP32_TOLERANCE}; fp16 and int8 models are compared with the
 * fp32 one by top-1 agreement (they are expected to differ a little, not to be wrong).
 */
public final class ExportParity {
  /**
   * Largest logit difference an fp32 export may show. Folding batch norm and a different kernel
   * order change rounding only; a real mistake (a dropped scale, a wrong pad) moves logits far
   * more.
   */
  public static final double FP32_TOLERANCE = 1e-4;

  private ExportParity() {}

  public record Fp32Parity(double maxAbsDifference, int images) {}

  /** Throws {@link ExportParityException} when the largest difference is above the tolerance. */
  public static Fp32Parity checkFp32(
      CandidateModel djl, OnnxRuntimeModel onnx, LabeledImages images) {
    float[] expected = djlLogits(djl, images);
    float[] actual = onnx.logits(images.images(0, images.size()), images.size());
    if (expected.length != actual.length) {
      throw new ExportParityException(
          "ONNX model gives " + actual.length + " logits, DJL " + expected.length);
    }
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs((double) expected[i] - actual[i]);
      if (!(d <= max)) max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
    }
    if (max > FP32_TOLERANCE) {
      throw new ExportParityException(
          "fp32 ONNX logits differ from DJL's by up to "
              + max
              + " on "
              + images.size()
              + " images (tolerance "
              + FP32_TOLERANCE
              + "): the export does not compute the trained network");
    }
    return new Fp32Parity(max, images.size());
  }

  /** Share of examples whose predicted class is the same in both. */
  public static double topOneAgreement(int[] a, int[] b) {
    if (a.length != b.length)
      throw new IllegalArgumentException(a.length + " vs " + b.length + " predictions");
    int same = 0;
    for (int i = 0; i < a.length; i++) if (a[i] == b[i]) same++;
    return a.length == 0 ? 1 : (double) same / a.length;
  }

  /** The DJL network's logits in inference mode, one batch. */
  static float[] djlLogits(CandidateModel djl, LabeledImages images) {
    ParameterStore store = new ParameterStore(djl.manager(), false);
    return InferenceMode.run(
        () -> {
          try (NDManager batch = djl.manager().newSubManager()) {
            return djl.block()
                .forward(
                    store,
                    new NDList(
                        batch.create(images.images(0, images.size()), djl.shape(images.size()))),
                    false)
                .singletonOrThrow()
                .toFloatArray();
          }
        });
  }
}
