package dev.sculptor.evaluator.network;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Puts the planned weight precision into the network so accuracy is measured with it: fp16 rounds
 * every parameter to half precision; int8 quantises conv and dense weights per output channel,
 * symmetric (scale = max|w| / 127), and keeps batch-norm and bias values in fp32. DJL computes in
 * fp32 with these values (it has no int8 kernels), which is what "accuracy with the quantised
 * weights" means; latency is timed on that fp32 network and labelled so.
 */
public final class WeightQuantization {
  private WeightQuantization() {}

  /** Int8 weights and their scales, per output channel. */
  public record Int8Tensor(byte[] values, float[] scales) {}

  /** Int8 weights in [-127, 127]. */
  public static final int FULL_RANGE_LEVELS = 127;

  /**
   * Int8 weights in [-63, 63] (7 bits): the ONNX export's default, exact on x86 CPUs without VNNI.
   */
  public static final int REDUCED_RANGE_LEVELS = 63;

  public static void apply(List<Slot> slots, Precision precision) {
    for (Slot slot : slots) {
      float[] values = slot.parameter().getArray().toFloatArray();
      float[] rounded =
          switch (precision) {
            case FP32 -> null;
            case FP16 -> toFp16AndBack(values);
            case INT8 ->
                slot.isWeight()
                    ? dequantize(
                        quantize(values, (int) slot.parameter().getArray().getShape().get(0)))
                    : null;
          };
      if (rounded != null) slot.parameter().getArray().set(FloatBuffer.wrap(rounded));
    }
  }

  /**
   * Mixed precision: each conv and dense layer of {@code spec} at its own precision, {@code layers}
   * one per layer in network order (a plan's {@code layerPrecisions}); empty means every layer at
   * {@code precision}.
   */
  public static void apply(
      NetworkSpec spec, List<Slot> slots, Precision precision, List<Precision> layers) {
    List<Precision> each = slotPrecisions(spec, slots, precision, layers);
    for (int i = 0; i < slots.size(); i++) apply(List.of(slots.get(i)), each.get(i));
  }

  /**
   * The precision of each slot's layer: {@code layers} one per conv and dense layer of {@code spec}
   * as a plan lists them ({@link NetworkSpec#layerPrecisions}), or {@code precision} for every slot
   * when empty.
   */
  public static List<Precision> slotPrecisions(
      NetworkSpec spec, List<Slot> slots, Precision precision, List<Precision> layers) {
    if (layers.isEmpty()) return Collections.nCopies(slots.size(), precision);
    if (layers.size() != spec.plannedLayers())
      throw new IllegalArgumentException(
          layers.size()
              + " layer precisions for "
              + spec.plannedLayers()
              + " conv and dense layers");
    List<Precision> perLayer = spec.layerPrecisions(layers, precision);
    // slots come layer by layer in network order (ParameterLayout): a new owner is the next layer
    List<Precision> out = new ArrayList<>();
    Object current = null;
    int layer = -1;
    for (Slot slot : slots) {
      Object owner = slot.conv() != null ? slot.conv() : slot.dense();
      if (owner != current) layer++;
      current = owner;
      out.add(perLayer.get(layer));
    }
    return out;
  }

  public static float[] toFp16AndBack(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++)
      out[i] = Float.float16ToFloat(Float.floatToFloat16(values[i]));
    return out;
  }

  /** Symmetric per output channel over the full int8 range: scale = max|w| / 127. */
  public static Int8Tensor quantize(float[] values, int outChannels) {
    return quantize(values, outChannels, FULL_RANGE_LEVELS);
  }

  /**
   * Symmetric per output channel: scale = max|w| / {@code levels}, values rounded to the nearest
   * level in [-levels, levels]. The one rounding the int8 export and quantisation-aware training
   * share.
   */
  public static Int8Tensor quantize(float[] values, int outChannels, int levels) {
    int per = values.length / outChannels;
    byte[] q = new byte[values.length];
    float[] scales = new float[outChannels];
    for (int o = 0; o < outChannels; o++) {
      float max = 0;
      for (int k = 0; k < per; k++) max = Math.max(max, Math.abs(values[o * per + k]));
      float scale = max == 0 ? 1f : max / levels;
      scales[o] = scale;
      for (int k = 0; k < per; k++)
        q[o * per + k] =
            (byte) Math.clamp(Math.round(values[o * per + k] / scale), -levels, levels);
    }
    return new Int8Tensor(q, scales);
  }

  public static float[] dequantize(Int8Tensor t) {
    int per = t.values().length / t.scales().length;
    float[] out = new float[t.values().length];
    for (int i = 0; i < out.length; i++) out[i] = t.values()[i] * t.scales()[i / per];
    return out;
  }
}
