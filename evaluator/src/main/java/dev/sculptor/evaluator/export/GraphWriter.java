package dev.sculptor.evaluator.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Appends nodes and initializers to an ONNX graph; tensor data is stored little-endian as raw_data.
 */
final class GraphWriter {
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int nodes;

  GraphWriter(String name) {
    graph.setName(name);
  }

  GraphProto build() {
    return graph.build();
  }

  /** A float input or output; a null dimension is the dynamic batch dimension. */
  static ValueInfoProto floatValue(String name, Long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Long d : dims) {
      shape.addDim(
          d == null
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  /** A float graph output of unknown shape (calibration taps). */
  static ValueInfoProto floatTap(String name) {
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)))
        .build();
  }

  void input(ValueInfoProto value) {
    graph.addInput(value);
  }

  void output(ValueInfoProto value) {
    graph.addOutput(value);
  }

  String node(String op, List<String> inputs, String output, AttributeProto... attributes) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(op)
            .setName(op + "_" + nodes++)
            .addAllInput(inputs)
            .addOutput(output)
            .addAllAttribute(Arrays.asList(attributes)));
    return output;
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) a.addInts(v);
    return a.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  String floats(String name, long[] dims, float[] values) {
    ByteBuffer b = buffer(values.length * 4L);
    for (float v : values) b.putFloat(v);
    return tensor(name, TensorProto.DataType.FLOAT, dims, b);
  }

  String halves(String name, long[] dims, float[] values) {
    ByteBuffer b = buffer(values.length * 2L);
    for (float v : values) b.putShort(Float.floatToFloat16(v));
    return tensor(name, TensorProto.DataType.FLOAT16, dims, b);
  }

  String int8s(String name, long[] dims, byte[] values) {
    return tensor(name, TensorProto.DataType.INT8, dims, buffer(values.length).put(values));
  }

  String uint8s(String name, long[] dims, byte[] values) {
    return tensor(name, TensorProto.DataType.UINT8, dims, buffer(values.length).put(values));
  }

  String int32s(String name, long[] dims, int[] values) {
    ByteBuffer b = buffer(values.length * 4L);
    for (int v : values) b.putInt(v);
    return tensor(name, TensorProto.DataType.INT32, dims, b);
  }

  private static ByteBuffer buffer(long bytes) {
    return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private String tensor(String name, TensorProto.DataType type, long[] dims, ByteBuffer data) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long d : dims) t.addDims(d);
    t.setRawData(ByteString.copyFrom(data.array()));
    graph.addInitializer(t);
    return name;
  }
}
