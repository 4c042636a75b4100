package dev.sculptor.core.latency;

import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.HeadPooling;
import java.util.ArrayList;
import java.util.List;

/**
 * One kernel a runtime launches at batch 1, the unit both latency models count in. As in nn-Meter,
 * a convolution with its batch norm and ReLU is one kernel (runtimes fold the norm into the weights
 * and fuse the ReLU); a residual addition, a pooling and a dense layer are kernels of their own.
 * GELU and Swish are not fused into the convolution by ONNX Runtime (nor by ncnn): each is an
 * {@link Kind#ACTIVATION} kernel after its layer. Shapes are channels × height × width; a dense
 * layer is 1 × 1 spatially.
 */
public record Kernel(
    Kind kind,
    int in,
    int out,
    int size,
    int stride,
    int inHeight,
    int inWidth,
    int outHeight,
    int outWidth) {

  public enum Kind {
    /** k×k convolution over all input channels (k > 1). */
    CONV,
    /** k×k depthwise convolution (one filter per channel). */
    DEPTHWISE,
    /** 1×1 convolution. */
    POINTWISE,
    /** Fully connected layer (a matrix-vector product at batch 1). */
    DENSE,
    /** Element-wise addition of two tensors (a residual connection), with its activation if any. */
    ADD,
    /** Max or average pooling, global or windowed. */
    POOL,
    /**
     * An activation the runtime does not fuse into the layer before it (GELU, Swish), element-wise.
     */
    ACTIVATION,
    /**
     * A change of memory layout a runtime inserts between kernels (ONNX Runtime's NCHWc reorders);
     * never in {@link #of(NetworkSpec)}, only in a runtime's plan ({@link OnnxRuntimeCpuPlan}).
     */
    REORDER
  }

  public Kernel {
    if (in < 1
        || out < 1
        || size < 1
        || stride < 1
        || inHeight < 1
        || inWidth < 1
        || outHeight < 1
        || outWidth < 1) {
      throw new IllegalArgumentException(
          "kernel shape must be positive: " + kind + " " + in + "->" + out);
    }
  }

  /**
   * Multiply-accumulates (for ADD and POOL: one per input element read, a proxy for their
   * arithmetic).
   */
  public long macs() {
    long outSpatial = (long) outHeight * outWidth;
    return switch (kind) {
      case CONV, POINTWISE -> outSpatial * out * in * size * size;
      case DEPTHWISE -> outSpatial * out * size * size;
      case DENSE -> (long) in * out;
      case ADD, ACTIVATION, REORDER -> outSpatial * out;
      case POOL -> (long) inHeight * inWidth * in;
    };
  }

  /**
   * Multiply-accumulates of a network's convolutions and dense layers, the count papers publish
   * (and {@code NetworkSpec.macs()} gives): the other kernels' element counts left out.
   */
  public static long multiplyAccumulates(List<Kernel> kernels) {
    return kernels.stream()
        .filter(
            k ->
                switch (k.kind()) {
                  case CONV, POINTWISE, DEPTHWISE, DENSE -> true;
                  case ADD, POOL, ACTIVATION, REORDER -> false;
                })
        .mapToLong(Kernel::macs)
        .sum();
  }

  /** Weights the kernel reads (no bias or norm terms, which are a rounding error here). */
  public long weights() {
    return switch (kind) {
      case CONV, POINTWISE -> (long) out * in * size * size;
      case DEPTHWISE -> (long) out * size * size;
      case DENSE -> (long) in * out;
      case ADD, POOL, ACTIVATION, REORDER -> 0;
    };
  }

  /** Activation elements read and written (an addition reads two inputs). */
  public long activationElements() {
    long input = (long) in * inHeight * inWidth;
    long output = (long) out * outHeight * outWidth;
    return kind == Kind.ADD ? 2 * input + output : input + output;
  }

  /** Bytes moved: activations and weights at {@code bytesPerElement} each. */
  public double bytes(int bytesPerElement) {
    return (double) bytesPerElement * (activationElements() + weights());
  }

  /**
   * The kernels of a decoded (deployed, pruned) network, in order: stem, each block's convs (and
   * their unfused activations) and its residual addition, global average pooling (unless the head
   * flattens), the dense layers of the head.
   */
  public static List<Kernel> of(NetworkSpec net) {
    boolean fused = net.activation() == null || net.activation() == Activation.RELU;
    List<Kernel> kernels = new ArrayList<>();
    addConv(kernels, net.stem(), fused);
    int c = net.stem().out();
    int h = net.stem().outHeight();
    int w = net.stem().outWidth();
    for (BlockLayers block : net.blocks()) {
      for (ConvLayer conv : block.convs()) addConv(kernels, conv, fused);
      ConvLayer last = block.convs().getLast();
      c = last.out();
      h = last.outHeight();
      w = last.outWidth();
      if (block.residual()) kernels.add(new Kernel(Kind.ADD, c, c, 1, 1, h, w, h, w));
    }
    if (net.pooling() == HeadPooling.GLOBAL_AVERAGE)
      kernels.add(new Kernel(Kind.POOL, c, c, h, 1, h, w, 1, 1));
    for (DenseLayer d : net.head()) {
      kernels.add(new Kernel(Kind.DENSE, d.in(), d.out(), 1, 1, 1, 1, 1, 1));
      if (d.activation() && !fused)
        kernels.add(new Kernel(Kind.ACTIVATION, d.out(), d.out(), 1, 1, 1, 1, 1, 1));
    }
    return kernels;
  }

  private static void addConv(List<Kernel> kernels, ConvLayer conv, boolean fusedActivation) {
    kernels.add(of(conv));
    if (conv.activation() && !fusedActivation) {
      kernels.add(
          new Kernel(
              Kind.ACTIVATION,
              conv.out(),
              conv.out(),
              1,
              1,
              conv.outHeight(),
              conv.outWidth(),
              conv.outHeight(),
              conv.outWidth()));
    }
  }

  static Kernel of(ConvLayer c) {
    Kind kind = c.depthwise() ? Kind.DEPTHWISE : c.kernel() == 1 ? Kind.POINTWISE : Kind.CONV;
    return new Kernel(
        kind,
        c.in(),
        c.out(),
        c.kernel(),
        c.stride(),
        c.inHeight(),
        c.inWidth(),
        c.outHeight(),
        c.outWidth());
  }
}
