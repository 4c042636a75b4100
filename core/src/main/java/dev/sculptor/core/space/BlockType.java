package dev.sculptor.core.space;

/** The block families of the mobile-cnn space. */
public enum BlockType {
  CONV_BN_ACT,
  DEPTHWISE_SEPARABLE,
  INVERTED_RESIDUAL
}
