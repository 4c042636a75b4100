package dev.sculptor.core.network;

/**
 * One convolution with batch norm and (optionally) an activation. {@code groups == in} is a
 * depthwise conv. {@code prunable} marks a layer whose output channels a pruning ratio may cut:
 * outputs that feed no residual addition (see {@link NetworkDecoder}).
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
    boolean prunable) {

  public boolean depthwise() {
    return groups > 1 && groups == in && in == out;
  }

  /** Conv weights (no bias: batch norm follows) plus batch norm's scale and shift. */
  public long params() {
    return (long) out * (in / groups) * kernel * kernel + 2L * out;
  }

  public long macs() {
    return (long) outHeight * outWidth * out * (in / groups) * kernel * kernel;
  }

  public long activationElements() {
    return (long) in * inHeight * inWidth + (long) out * outHeight * outWidth;
  }
}
