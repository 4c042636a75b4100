package dev.sculptor.evaluator.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.sculptor.core.space.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads back from an ONNX graph the precision each conv and dense layer's weight is stored in, in
 * graph order (the exporter writes layers in network order): an int8 initializer feeding {@code
 * DequantizeLinear}, an fp16 initializer feeding {@code Cast}, or a plain fp32 initializer.
 */
public final class StoredLayers {
  private StoredLayers() {}

  /** One entry per {@code Conv} and {@code Gemm} node; fails on a weight stored any other way. */
  public static List<Precision> weightPrecisions(ModelProto m) {
    List<Precision> out = new ArrayList<>();
    for (NodeProto n : m.getGraph().getNodeList()) {
      if (!n.getOpType().equals("Conv") && !n.getOpType().equals("Gemm")) continue;
      out.add(weightPrecision(m, n.getInput(1)));
    }
    return out;
  }

  private static Precision weightPrecision(ModelProto m, String weight) {
    Optional<TensorProto> plain = initializer(m, weight);
    if (plain.isPresent()) {
      if (plain.get().getDataType() != TensorProto.DataType.FLOAT_VALUE)
        throw new AssertionError(
            weight + " is an initializer of type " + plain.get().getDataType());
      return Precision.FP32;
    }
    NodeProto producer = producer(m, weight);
    TensorProto stored =
        initializer(m, producer.getInput(0))
            .orElseThrow(
                () ->
                    new AssertionError(
                        weight + " comes from " + producer.getOpType() + " of a computed tensor"));
    int type = stored.getDataType();
    if (producer.getOpType().equals("DequantizeLinear") && type == TensorProto.DataType.INT8_VALUE)
      return Precision.INT8;
    if (producer.getOpType().equals("Cast") && type == TensorProto.DataType.FLOAT16_VALUE)
      return Precision.FP16;
    throw new AssertionError(weight + " comes from " + producer.getOpType() + " of type " + type);
  }

  /** The value of a {@code metadata_props} key. */
  public static String metadata(ModelProto m, String key) {
    return m.getMetadataPropsList().stream()
        .filter(p -> p.getKey().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metadata " + key))
        .getValue();
  }

  private static NodeProto producer(ModelProto m, String tensor) {
    return m.getGraph().getNodeList().stream()
        .filter(n -> n.getOutputList().contains(tensor))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing produces " + tensor));
  }

  private static Optional<TensorProto> initializer(ModelProto m, String name) {
    return m.getGraph().getInitializerList().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst();
  }
}
