package dev.sculptor.core.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * One convolution with batch norm and (optionally) an activation. {@code groups == in} is a
 * depthwise conv. {@code prunable} marks a layer whose output channels a pruning ratio may cut:
 * outputs that feed no residual addition (see {@link NetworkDecoder}). {@code factor} is set on the
 * two 1×1 convs a low-rank factorisation puts in one conv's place; the first of them has no batch
 * norm (and no activation), so the pair computes a linear map of rank {@code factor.rank()}
 * followed by the original's batch norm and activation.
 */
public record ConvLayer(
    String name,
    int in,
    int out,
    int kernel,
    int stride,
    int groups,
    boolean activation,
    int inHeight,
    int inWidth,
    int outHeight,
    int outWidth,
    boolean prunable,
    @JsonInclude(Include.NON_NULL) LowRankFactor factor) {

  /** A whole (unfactorised) conv. */
  public ConvLayer(
      String name,
      int in,
      int out,
      int kernel,
      int stride,
      int groups,
      boolean activation,
      int inHeight,
      int inWidth,
      int outHeight,
      int outWidth,
      boolean prunable) {
    this(
        name,
        in,
        out,
        kernel,
        stride,
        groups,
        activation,
        inHeight,
        inWidth,
        outHeight,
        outWidth,
        prunable,
        null);
  }

  /** Whether batch norm follows: every conv but the first factor of a factorised one. */
  public boolean batchNorm() {
    return factor == null || !factor.first();
  }

  public boolean depthwise() {
    return groups > 1 && groups == in && in == out;
  }

  /** Conv weights (no bias: batch norm follows) plus batch norm's scale and shift. */
  public long params() {
    return weights() + (batchNorm() ? 2L * out : 0);
  }

  /** Elements of the conv's weight tensor alone. */
  public long weights() {
    return (long) out * (in / groups) * kernel * kernel;
  }

  public long macs() {
    return (long) outHeight * outWidth * out * (in / groups) * kernel * kernel;
  }

  public long activationElements() {
    return (long) in * inHeight * inWidth + (long) out * outHeight * outWidth;
  }
}
