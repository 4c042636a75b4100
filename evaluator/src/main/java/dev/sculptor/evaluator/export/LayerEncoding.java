package dev.sculptor.evaluator.export;

import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.network.WeightQuantization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one precision stores weights and treats the tensors around each conv and dense layer. The
 * graph walk is the same for all; only these three hooks differ.
 */
sealed interface LayerEncoding {
  /** The tensor a conv or dense layer reads, given the fp32 tensor that feeds it. */
  String input(GraphWriter g, String tensor);

  /** The tensor downstream layers read, given a conv's fp32 output. */
  String convOutput(GraphWriter g, String tensor);

  /**
   * Adds weight and bias (already folded) and returns their tensor names; a null bias (the first
   * factor of a low-rank factorised layer) adds the weight alone.
   */
  List<String> parameters(
      GraphWriter g, String layer, long[] dims, float[] weight, float[] bias, String fp32Input);

  Precision precision();

  /**
   * The tensor a float (fp32 or fp16) conv reads, given the tensor that feeds it and its {@code
   * channels}: the tensor itself, except where this encoding quantised it.
   */
  default String floatInput(GraphWriter g, String tensor, int channels) {
    return tensor;
  }

  static LayerEncoding of(Precision precision, ActivationRanges ranges, boolean reducedRange) {
    return switch (precision) {
      case FP32 -> new Fp32(false);
      case FP16 -> new Fp16();
      case INT8 -> {
        if (ranges == null)
          throw new IllegalArgumentException("int8 export needs calibrated activation ranges");
        yield new Int8Qdq(ranges, reducedRange ? 63 : 127);
      }
    };
  }

  /**
   * Plain fp32; with {@code tap} every quantisation point is recorded so calibration can read it.
   */
  final class Fp32 implements LayerEncoding {
    private final boolean tap;
    final List<String> taps = new ArrayList<>();

    Fp32(boolean tap) {
      this.tap = tap;
    }

    @Override
    public String input(GraphWriter g, String tensor) {
      return record(tensor);
    }

    @Override
    public String convOutput(GraphWriter g, String tensor) {
      return record(tensor);
    }

    private String record(String tensor) {
      if (tap && !taps.contains(tensor)) taps.add(tensor);
      return tensor;
    }

    @Override
    public List<String> parameters(
        GraphWriter g, String layer, long[] dims, float[] weight, float[] bias, String fp32Input) {
      String w = g.floats(layer + ".weight", dims, weight);
      if (bias == null) return List.of(w);
      return List.of(w, g.floats(layer + ".bias", new long[] {bias.length}, bias));
    }

    @Override
    public Precision precision() {
      return Precision.FP32;
    }
  }

  /**
   * fp16 storage: weights and biases are half-precision initializers cast to fp32 where the graph
   * loads them. An all-fp16 graph would not compute in fp16 on ONNX Runtime's CPU provider either:
   * it wraps every fp16 Conv, Relu, GlobalAveragePool and Add it has no kernel for in Casts to fp32
   * (read back from its optimised graph, ORT 1.29, x86 AVX2), only Gemm ran in fp16. So compute
   * stays fp32, once, and the provenance says so.
   */
  final class Fp16 implements LayerEncoding {
    @Override
    public String input(GraphWriter g, String tensor) {
      return tensor;
    }

    @Override
    public String convOutput(GraphWriter g, String tensor) {
      return tensor;
    }

    @Override
    public List<String> parameters(
        GraphWriter g, String layer, long[] dims, float[] weight, float[] bias, String fp32Input) {
      String w = g.halves(layer + ".weight.fp16", dims, weight);
      int toFloat = ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE;
      String weights =
          g.node("Cast", List.of(w), layer + ".weight", GraphWriter.integer("to", toFloat));
      if (bias == null) return List.of(weights);
      String b = g.halves(layer + ".bias.fp16", new long[] {bias.length}, bias);
      return List.of(
          weights, g.node("Cast", List.of(b), layer + ".bias", GraphWriter.integer("to", toFloat)));
    }

    @Override
    public Precision precision() {
      return Precision.FP16;
    }
  }

  /**
   * Static QDQ int8: every conv/dense input and every conv output passes QuantizeLinear →
   * DequantizeLinear with a calibrated per-tensor uint8 scale; weights are int8 per output channel,
   * symmetric; biases int32 at scale s_input · s_weight. ONNX Runtime fuses these patterns into
   * integer kernels (QLinearConv and friends) where it has them.
   */
  final class Int8Qdq implements LayerEncoding {
    private final ActivationRanges ranges;
    private final int levels;

    /** fp32 tensor → its DequantizeLinear, in the order the walk quantised them. */
    private final Map<String, String> quantised = new LinkedHashMap<>();

    /**
     * Dequantised tensor → the fp32 tensor it stands for (a conv output read directly by the next
     * conv).
     */
    private final Map<String, String> source = new HashMap<>();

    private final Map<String, String> perChannel = new HashMap<>();

    /**
     * {@code levels} 63 ("reduced range", 7-bit weights) keeps x86 CPUs without VNNI exact: their
     * u8·s8 multiply-add saturates at int16 with full-range weights. Measured on this project's
     * AVX2 machine: full-range weights made the fused model disagree with its own QDQ graph.
     */
    Int8Qdq(ActivationRanges ranges, int levels) {
      this.ranges = ranges;
      this.levels = levels;
    }

    private ActivationRanges.Range rangeOf(String tensor) {
      return ranges
          .range(tensor)
          .orElseThrow(() -> new OnnxExportException("no calibrated range for tensor " + tensor));
    }

    @Override
    public String input(GraphWriter g, String tensor) {
      return qdq(g, tensor);
    }

    @Override
    public String convOutput(GraphWriter g, String tensor) {
      return qdq(g, tensor);
    }

    /** The fp32 tensors quantised so far, in graph order. */
    List<String> quantisedTensors() {
      return List.copyOf(quantised.keySet());
    }

    private String qdq(GraphWriter g, String tensor) {
      if (source.containsKey(tensor)) return tensor;
      return quantised.computeIfAbsent(
          tensor,
          t -> {
            ActivationRanges.Range r = rangeOf(t);
            String scale = g.floats(t + ".scale", new long[0], new float[] {r.scale()});
            String zero =
                g.uint8s(t + ".zero_point", new long[0], new byte[] {(byte) r.zeroPoint()});
            String q = g.node("QuantizeLinear", List.of(t, scale, zero), t + ".q");
            String dq = g.node("DequantizeLinear", List.of(q, scale, zero), t + ".dq");
            source.put(dq, t);
            return dq;
          });
    }

    /**
     * A float conv reading a quantised tensor gets its own DequantizeLinear with the same scale
     * written once per channel. With the shared per-tensor one, ONNX Runtime's CPU optimiser (its
     * WeightBiasQuantization pass) sees DequantizeLinear → float Conv → QuantizeLinear and
     * quantises the conv's weights itself, per tensor, so a layer planned fp16 or fp32 would run as
     * int8; a per-channel scale is outside that pattern. Same values either way.
     */
    @Override
    public String floatInput(GraphWriter g, String tensor, int channels) {
      String fp32 = source.get(tensor);
      if (fp32 == null) return tensor;
      return perChannel.computeIfAbsent(
          tensor,
          t -> {
            ActivationRanges.Range r = rangeOf(fp32);
            float[] scales = new float[channels];
            byte[] zeros = new byte[channels];
            java.util.Arrays.fill(scales, r.scale());
            java.util.Arrays.fill(zeros, (byte) r.zeroPoint());
            String scale = g.floats(fp32 + ".scale.per_channel", new long[] {channels}, scales);
            String zero = g.uint8s(fp32 + ".zero_point.per_channel", new long[] {channels}, zeros);
            return g.node(
                "DequantizeLinear",
                List.of(fp32 + ".q", scale, zero),
                fp32 + ".dq.per_channel",
                GraphWriter.integer("axis", 1));
          });
    }

    @Override
    public List<String> parameters(
        GraphWriter g, String layer, long[] dims, float[] weight, float[] bias, String fp32Input) {
      int out = (int) dims[0];
      WeightQuantization.Int8Tensor q = quantize(weight, out, levels);
      String wq = g.int8s(layer + ".weight.q", dims, q.values());
      String ws = g.floats(layer + ".weight.scale", new long[] {out}, q.scales());
      String wz = g.int8s(layer + ".weight.zero_point", new long[] {out}, new byte[out]);
      String dequantised =
          g.node(
              "DequantizeLinear",
              List.of(wq, ws, wz),
              layer + ".weight",
              GraphWriter.integer("axis", 0));
      if (bias == null) return List.of(dequantised);
      float inputScale = rangeOf(source.getOrDefault(fp32Input, fp32Input)).scale();
      int[] bq = new int[out];
      float[] bs = new float[out];
      for (int o = 0; o < out; o++) {
        bs[o] = inputScale * q.scales()[o];
        bq[o] =
            Math.clamp(Math.round((double) bias[o] / bs[o]), Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      String bqName = g.int32s(layer + ".bias.q", new long[] {out}, bq);
      String bsName = g.floats(layer + ".bias.scale", new long[] {out}, bs);
      // No bias zero point: it is optional and 0 by default, which saves 4 bytes per channel.
      return List.of(
          dequantised,
          g.node(
              "DequantizeLinear",
              List.of(bqName, bsName),
              layer + ".bias",
              GraphWriter.integer("axis", 0)));
    }

    /** Symmetric per-output-channel: scale = max|w| / levels. */
    static WeightQuantization.Int8Tensor quantize(float[] values, int outChannels, int levels) {
      return WeightQuantization.quantize(values, outChannels, levels);
    }

    @Override
    public Precision precision() {
      return Precision.INT8;
    }
  }
}
