package dev.sculptor.evaluator.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.network.ActivationRanges;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Static int8 calibration: runs a fixed sample of training images through the fp32 graph in ONNX
 * Runtime (so ranges come from the same kernels that will run the model) and records the range of
 * every tensor the int8 graph quantises.
 */
public final class ActivationCalibrator {
  private static final int BATCH = 32;

  private ActivationCalibrator() {}

  /** The first {@code images} examples of {@code sample} (callers pass a fixed, seeded sample). */
  public static ActivationRanges calibrate(
      NetworkSpec spec,
      NetworkWeights weights,
      LabeledImages sample,
      int images,
      CalibrationMethod method) {
    LabeledImages data = sample.first(images);
    if (data.size() == 0)
      throw new IllegalArgumentException("calibration needs at least one image");
    OnnxExporter.CalibrationGraph graph = OnnxExporter.calibrationGraph(spec, weights);
    Map<String, List<float[]>> perBatch = new LinkedHashMap<>();
    graph.taps().forEach(t -> perBatch.put(t, new ArrayList<>()));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      try (OrtSession session = env.createSession(graph.bytes(), options)) {
        long[] shape = {0, spec.input().channels(), spec.input().height(), spec.input().width()};
        for (int start = 0; start < data.size(); start += BATCH) {
          int b = Math.min(BATCH, data.size() - start);
          float[] x = data.images(start, b);
          shape[0] = b;
          perBatch.get(OnnxExporter.INPUT).add(bounds(x, method));
          try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
              OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            for (String tap : graph.taps()) {
              if (tap.equals(OnnxExporter.INPUT)) continue;
              OnnxTensor t = (OnnxTensor) result.get(tap).orElseThrow();
              FloatBuffer fb = t.getFloatBuffer();
              float[] values = new float[fb.remaining()];
              fb.get(values);
              perBatch.get(tap).add(bounds(values, method));
            }
          }
        }
      }
    } catch (OrtException e) {
      throw new OnnxExportException("calibration run failed in ONNX Runtime: " + e.getMessage(), e);
    }
    Map<String, ActivationRanges.Range> ranges = new LinkedHashMap<>();
    perBatch.forEach((tap, bounds) -> ranges.put(tap, combine(bounds, method)));
    return new ActivationRanges(ranges, method.describe(), data.size());
  }

  private static float[] bounds(float[] values, CalibrationMethod method) {
    return switch (method) {
      case CalibrationMethod.MinMax m -> {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        yield new float[] {lo, hi};
      }
      case CalibrationMethod.Percentile p -> {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int hiIndex =
            (int)
                Math.min(sorted.length - 1, Math.ceil(p.percentile() / 100 * (sorted.length - 1)));
        int loIndex = sorted.length - 1 - hiIndex;
        yield new float[] {sorted[loIndex], sorted[hiIndex]};
      }
    };
  }

  private static ActivationRanges.Range combine(List<float[]> bounds, CalibrationMethod method) {
    return switch (method) {
      case CalibrationMethod.MinMax m ->
          new ActivationRanges.Range(
              (float) bounds.stream().mapToDouble(b -> b[0]).min().orElse(0),
              (float) bounds.stream().mapToDouble(b -> b[1]).max().orElse(0));
      case CalibrationMethod.Percentile p ->
          new ActivationRanges.Range(
              (float) bounds.stream().mapToDouble(b -> b[0]).average().orElse(0),
              (float) bounds.stream().mapToDouble(b -> b[1]).average().orElse(0));
    };
  }
}
