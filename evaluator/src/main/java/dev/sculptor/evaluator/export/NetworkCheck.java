package dev.sculptor.evaluator.export;

import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.HeadPooling;

/**
 * Refuses, before any graph is built, a network the exporter cannot express faithfully: shapes that
 * do not chain, convs grouped other than plain or depthwise, residuals over unequal shapes, or
 * weights that do not fit (or are not finite).
 */
final class NetworkCheck {
  private NetworkCheck() {}

  static void check(NetworkSpec spec, NetworkWeights weights) {
    if (spec.activation() == null)
      throw new OnnxExportException("network has no activation function");
    int c = spec.input().channels();
    int h = spec.input().height();
    int w = spec.input().width();
    if (c < 1 || h < 1 || w < 1)
      throw new OnnxExportException("input shape " + spec.input() + " is empty");
    int[] shape = conv(spec.stem(), c, h, w, weights);
    for (BlockLayers block : spec.blocks()) {
      int[] in = shape;
      for (ConvLayer layer : block.convs())
        shape = conv(layer, shape[0], shape[1], shape[2], weights);
      if (block.residual() && !java.util.Arrays.equals(in, shape)) {
        throw new OnnxExportException(
            "residual block ending in "
                + block.convs().getLast().name()
                + " adds a "
                + java.util.Arrays.toString(in)
                + " input to a "
                + java.util.Arrays.toString(shape)
                + " output");
      }
    }
    int features =
        spec.pooling() == HeadPooling.FLATTEN ? shape[0] * shape[1] * shape[2] : shape[0];
    if (spec.head().isEmpty()) throw new OnnxExportException("network has no dense head");
    for (DenseLayer dense : spec.head()) {
      if (dense.in() != features) {
        throw new OnnxExportException(
            dense.name()
                + " expects "
                + dense.in()
                + " inputs, the layer before gives "
                + features);
      }
      NetworkWeights.Dense d = weights.dense(dense);
      size(dense.name() + " weight", d.weight(), (long) dense.in() * dense.out());
      if (dense.bias()) size(dense.name() + " bias", d.bias(), dense.out());
      else absent(dense.name() + " bias", d.bias());
      features = dense.out();
    }
    if (features != spec.classes())
      throw new OnnxExportException(
          "head gives " + features + " outputs for " + spec.classes() + " classes");
  }

  /** Checks one conv against the incoming shape and returns its output shape (c, h, w). */
  private static int[] conv(ConvLayer layer, int c, int h, int w, NetworkWeights weights) {
    String n = layer.name();
    if (layer.in() != c || layer.inHeight() != h || layer.inWidth() != w) {
      throw new OnnxExportException(
          n
              + " expects "
              + layer.in()
              + "×"
              + layer.inHeight()
              + "×"
              + layer.inWidth()
              + " input, the layer before gives "
              + c
              + "×"
              + h
              + "×"
              + w);
    }
    if (layer.kernel() < 1 || layer.stride() < 1)
      throw new OnnxExportException(
          n + " has kernel " + layer.kernel() + ", stride " + layer.stride());
    boolean plain = layer.groups() == 1;
    if (!plain && !layer.depthwise()) {
      throw new OnnxExportException(
          n
              + " is grouped ("
              + layer.groups()
              + " groups over "
              + layer.in()
              + " → "
              + layer.out()
              + " channels): only plain and depthwise convolutions are exported");
    }
    int pad = layer.kernel() / 2;
    int oh = (h + 2 * pad - layer.kernel()) / layer.stride() + 1;
    int ow = (w + 2 * pad - layer.kernel()) / layer.stride() + 1;
    if (oh < 1 || ow < 1 || oh != layer.outHeight() || ow != layer.outWidth()) {
      throw new OnnxExportException(
          n
              + " declares output "
              + layer.outHeight()
              + "×"
              + layer.outWidth()
              + " but its kernel, stride and padding give "
              + oh
              + "×"
              + ow);
    }
    NetworkWeights.Conv p = weights.conv(layer);
    size(
        n + " weight",
        p.weight(),
        (long) layer.out() * (layer.in() / layer.groups()) * layer.kernel() * layer.kernel());
    if (!layer.batchNorm()) {
      // the first factor of a low-rank factorised conv: a linear map, batch norm after the second
      absent(n + " batch norm", p.gamma());
      return new int[] {layer.out(), oh, ow};
    }
    size(n + " batch-norm gamma", p.gamma(), layer.out());
    size(n + " batch-norm beta", p.beta(), layer.out());
    size(n + " batch-norm mean", p.mean(), layer.out());
    size(n + " batch-norm variance", p.variance(), layer.out());
    for (float v : p.variance()) {
      if (v + NetworkWeights.BATCH_NORM_EPSILON <= 0)
        throw new OnnxExportException(n + " has a negative batch-norm variance " + v);
    }
    return new int[] {layer.out(), oh, ow};
  }

  /** A layer the spec gives no such parameters must come without them. */
  private static void absent(String what, float[] values) {
    if (values != null)
      throw new OnnxExportException(what + " has " + values.length + " values, the spec has none");
  }

  private static void size(String what, float[] values, long expected) {
    if (values == null || values.length != expected) {
      throw new OnnxExportException(
          what
              + " has "
              + (values == null ? "no" : values.length)
              + " values, the spec needs "
              + expected);
    }
    for (float v : values)
      if (!Float.isFinite(v))
        throw new OnnxExportException(what + " holds a non-finite value " + v);
  }
}
