package dev.sculptor.evaluator.network;

import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;

/**
 * The names of the network's tensors, as the ONNX export writes them and as the DJL network's
 * {@link ActivationQuantiser} points are named: one place, so quantisation-aware training observes
 * exactly the tensors the int8 export quantises.
 */
public final class TensorNames {
  /** The network's input. */
  public static final String INPUT = "image";

  /** The network's output. */
  public static final String OUTPUT = "logits";

  /** The global average pooling's output. */
  public static final String POOLED = "pooled";

  /** The pooled features flattened, the head's input. */
  public static final String FEATURES = "features";

  private TensorNames() {}

  /** A conv's output, batch norm folded in, before its activation. */
  public static String conv(ConvLayer c) {
    return c.name() + ".conv";
  }

  /** A conv's activation's output. */
  public static String activation(ConvLayer c) {
    return c.name() + ".act";
  }

  /** A residual block's sum of its input and its last conv's output. */
  public static String residual(BlockLayers block) {
    return block.convs().getLast().name() + ".residual";
  }

  /** A dense layer's output before its activation ({@link #OUTPUT} for a linear classifier). */
  public static String gemm(DenseLayer d, boolean last) {
    return last && !d.activation() ? OUTPUT : d.name() + ".gemm";
  }

  /** A dense layer's activation's output ({@link #OUTPUT} for the classifier). */
  public static String denseActivation(DenseLayer d, boolean last) {
    return last ? OUTPUT : d.name() + ".out";
  }
}
