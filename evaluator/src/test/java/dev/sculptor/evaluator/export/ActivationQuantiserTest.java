package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.network.ActivationQuantiser;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.network.ActivationRanges.Range;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Quantisation-aware training's activation quantiser against the int8 export's: the same values for
 * the same range, its range rule, and the straight-through gradient.
 */
class ActivationQuantiserTest {
  private static final List<Range> RANGES =
      List.of(
          new Range(0f, 5.1f), // after a ReLU: zero point 0
          new Range(-1.3f, 2.7f), // signed: zero point inside
          new Range(0.37f, 9.9f), // widened to include 0
          new Range(-3.2f, -0.5f), // all negative: zero point 255
          new Range(0f, 0f)); // empty: scale 1

  @Test
  void fakeQuantisedActivationsAreTheExportsQuantiseDequantiseBitForBit() throws Exception {
    for (Range range : RANGES) {
      float[] x = values(range, 4000, 7);
      float[] exported = exportedQuantiseDequantise(range, x);
      float[] trained;
      try (NDManager m = NDManager.newBaseManager()) {
        trained = ActivationQuantiser.fakeQuantise(m.create(x), range).toFloatArray();
      }
      assertThat(trained).as(range.toString()).containsExactly(exported);
      // the values really are quantised: at most 256 of them, all within the range's grid
      assertThat(java.util.stream.IntStream.range(0, x.length).mapToObj(i -> trained[i]).distinct())
          .as(range.toString())
          .hasSizeLessThanOrEqualTo(256)
          .hasSizeGreaterThan(range.max() > range.min() ? 100 : 1);
    }
  }

  @Test
  void theRangeIsTheFirstBatchsThenAnExponentialMovingAverage() {
    double m = 0.9;
    Range first = ActivationQuantiser.update(null, -1f, 4f, m);
    assertThat(first).isEqualTo(new Range(-1f, 4f));
    Range second = ActivationQuantiser.update(first, -3f, 2f, m);
    assertThat(second.min()).isEqualTo((float) (0.9 * -1 + 0.1 * -3));
    assertThat(second.max()).isEqualTo((float) (0.9 * 4 + 0.1 * 2));

    // in the network: training passes observe and quantise, inference passes neither
    ActivationQuantiser point = new ActivationQuantiser("t");
    try (NDManager manager = NDManager.newBaseManager()) {
      point.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
      ParameterStore store = new ParameterStore(manager, false);
      NDArray a = manager.create(new float[] {-1f, 0.3f, 4f, 0f, 1.234567f, 2f}, new Shape(2, 3));
      NDArray b = manager.create(new float[] {-3f, 0.1f, 2f, 0f, 1f, 0.5f}, new Shape(2, 3));
      // not started: the tensor passes through, nothing is tracked
      assertThat(forward(point, store, a, true)).containsExactly(a.toFloatArray());
      assertThat(point.range()).isEmpty();

      point.start(m);
      float[] quantised = forward(point, store, a, true);
      assertThat(point.range()).contains(first);
      assertThat(quantised)
          .containsExactly(ActivationQuantiser.fakeQuantise(a, first).toFloatArray());
      assertThat(quantised).isNotEqualTo(a.toFloatArray());
      forward(point, store, b, true);
      assertThat(point.range()).contains(second);
      // inference (validation, export parity) sees the float tensor and leaves the range alone
      assertThat(forward(point, store, b, false)).containsExactly(b.toFloatArray());
      assertThat(point.range()).contains(second);

      point.stop();
      assertThat(forward(point, store, a, true)).containsExactly(a.toFloatArray());
      assertThat(point.range()).as("kept after stopping").contains(second);
      point.start(m);
      assertThat(point.range()).as("tracked afresh after starting again").isEmpty();
    }
  }

  @Test
  void theGradientPassesStraightThrough() {
    Range range = new Range(-1f, 2f);
    try (NDManager manager = NDManager.newBaseManager()) {
      // values inside the range, on the grid's ties and beyond both ends: each gets the upstream
      // gradient unchanged
      float[] values = values(range, 500, 3);
      NDArray x = manager.create(values);
      x.setRequiresGradient(true);
      float[] upstream = new float[values.length];
      Random random = new Random(5);
      for (int i = 0; i < upstream.length; i++) upstream[i] = (float) random.nextGaussian();
      NDArray weights = manager.create(upstream);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = ActivationQuantiser.fakeQuantise(x, range);
        collector.backward(y.mul(weights).sum());
      }
      assertThat(x.getGradient().toFloatArray()).containsExactly(upstream);
    }
  }

  private static float[] forward(
      ActivationQuantiser point, ParameterStore store, NDArray x, boolean training) {
    return point.forward(store, new NDList(x), training).singletonOrThrow().toFloatArray();
  }

  /**
   * Random values over the range and beyond it, zero, both ends, and the exact midpoints between
   * quantisation levels (where rounding half to even decides).
   */
  private static float[] values(Range range, int count, long seed) {
    Random random = new Random(seed);
    float lo = Math.min(range.min(), 0);
    float hi = Math.max(range.max(), 0);
    float span = Math.max(hi - lo, 1);
    List<Float> v = new ArrayList<>();
    for (int i = 0; i < count; i++) v.add(lo - span / 4 + random.nextFloat() * span * 1.5f);
    float scale = range.scale();
    int zero = range.zeroPoint();
    for (int q = 0; q < 255; q++) v.add((q - zero + 0.5f) * scale);
    v.addAll(List.of(0f, -0f, range.min(), range.max(), lo, hi, 1e6f, -1e6f));
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) out[i] = v.get(i);
    return out;
  }

  /** {@code x} through the QuantizeLinear → DequantizeLinear the int8 export writes, in ORT. */
  private static float[] exportedQuantiseDequantise(Range range, float[] x) throws Exception {
    GraphWriter g = new GraphWriter("qdq");
    g.input(GraphWriter.floatValue("x", (Long) null));
    LayerEncoding int8 =
        LayerEncoding.of(Precision.INT8, new ActivationRanges(Map.of("x", range), "test", 1), true);
    String dq = int8.input(g, "x");
    g.output(GraphWriter.floatValue(dq, (Long) null));
    byte[] model =
        ModelProto.newBuilder()
            .setIrVersion(OnnxExporter.IR_VERSION)
            .addOpsetImport(
                OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxExporter.OPSET))
            .setGraph(g.build())
            .build()
            .toByteArray();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // the literal graph: no optimiser pass may fold the pair away
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(model, options);
          OnnxTensor input =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {x.length});
          OrtSession.Result result = session.run(Map.of("x", input))) {
        FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[] values = new float[out.remaining()];
        out.get(values);
        return values;
      }
    }
  }
}
