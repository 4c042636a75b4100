package dev.sculptor.evaluator.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * What an exported file would take if its conv and dense weights were stored sparse: information
 * only. The file the product stores, measures and counts against a size limit stays dense, because
 * ONNX Runtime's CPU kernels are dense. The sparse format counted here is the simplest one: per
 * weight tensor a bitmask (one bit per weight) and the non-zero values at the width the file stores
 * them (fp32, fp16 or int8); a tensor that would not get smaller that way is counted dense.
 */
public final class SparseStorage {
  private SparseStorage() {}

  /**
   * @param fileBytes the dense file as exported
   * @param sparseBytes the same file with its weight tensors stored sparse where that is smaller
   * @param weights conv and dense weights in the file
   * @param zeroWeights of those, the ones stored as zero (int8 also rounds tiny weights to zero)
   */
  public record Estimate(long fileBytes, long sparseBytes, long weights, long zeroWeights) {}

  public static Estimate of(byte[] onnx) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxExportException("not an ONNX model: " + e.getMessage());
    }
    long saved = 0;
    long weights = 0;
    long zeros = 0;
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (!isWeight(t)) continue;
      int width = width(t);
      long n = t.getRawData().size() / width;
      long z = zeros(t);
      long sparse = (n + 7) / 8 + (n - z) * width;
      saved += Math.max(0, n * width - sparse);
      weights += n;
      zeros += z;
    }
    return new Estimate(onnx.length, onnx.length - saved, weights, zeros);
  }

  /**
   * A conv or dense layer's weight initializer, as {@link LayerEncoding} names it at each
   * precision.
   */
  static boolean isWeight(TensorProto t) {
    String name = t.getName();
    return name.endsWith(".weight") || name.endsWith(".weight.fp16") || name.endsWith(".weight.q");
  }

  /** How many of a tensor's values are zero (either sign). */
  public static long zeros(TensorProto t) {
    ByteString raw = t.getRawData();
    int width = width(t);
    long zeros = 0;
    for (int i = 0; i + width <= raw.size(); i += width) {
      boolean zero = true;
      for (int k = 0; k < width; k++) {
        int b = raw.byteAt(i + k) & 0xff;
        // little-endian: the last byte holds the sign bit of a float, which -0 sets
        if (k == width - 1 && width > 1) b &= 0x7f;
        if (b != 0) {
          zero = false;
          break;
        }
      }
      if (zero) zeros++;
    }
    return zeros;
  }

  private static int width(TensorProto t) {
    return switch (TensorProto.DataType.forNumber(t.getDataType())) {
      case FLOAT -> 4;
      case FLOAT16 -> 2;
      case INT8 -> 1;
      case null, default ->
          throw new OnnxExportException(
              "weight " + t.getName() + " has an unexpected type " + t.getDataType());
    };
  }
}
