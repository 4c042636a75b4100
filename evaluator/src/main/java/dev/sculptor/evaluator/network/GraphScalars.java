package dev.sculptor.evaluator.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * Arithmetic with a constant inside a network or loss that is trained, without DJL's number
 * overloads.
 *
 * <p>Why: DJL's {@code x.mul(2f)} (and {@code div}, {@code pow}, … with a number) wraps the number
 * in a scalar tensor over a Java direct buffer, multiplies, and closes the scalar at once. Autograd
 * keeps that scalar for the backward pass, but its memory is the Java buffer, which the garbage
 * collector frees once the closed scalar is unreachable: the backward pass then reads freed memory.
 * With the evaluator's {@code MALLOC_PERTURB_} freed memory is all ones, a NaN, and training
 * "diverged"; without it the gradient is silently whatever was left there. Which runs it hit
 * depended on when the collector ran. A scalar made by libtorch ({@code full}) owns its memory.
 */
public final class GraphScalars {
  private GraphScalars() {}

  /** {@code x · factor}, safe to differentiate. */
  public static NDArray times(NDArray x, float factor) {
    try (NDArray f = scalar(x, factor)) {
      return x.mul(f);
    }
  }

  /** {@code x / divisor}, safe to differentiate. */
  public static NDArray over(NDArray x, float divisor) {
    try (NDArray d = scalar(x, divisor)) {
      return x.div(d);
    }
  }

  /** Swish with β = 1, {@code x · sigmoid(x)}: DJL's swish block multiplies by β as a number. */
  public static Block swishBlock() {
    return LambdaBlock.singleton(x -> x.mul(Activation.sigmoid(x)), "Swish");
  }

  private static NDArray scalar(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType());
  }
}
