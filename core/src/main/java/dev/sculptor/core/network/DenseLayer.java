package dev.sculptor.core.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A fully connected layer of the head (weights and bias). {@code factor} is set on the two layers a
 * low-rank factorisation puts in one dense layer's place; the first of them has no bias and no
 * activation.
 */
public record DenseLayer(
    String name,
    int in,
    int out,
    boolean activation,
    @JsonInclude(Include.NON_NULL) LowRankFactor factor) {

  /** A whole (unfactorised) dense layer. */
  public DenseLayer(String name, int in, int out, boolean activation) {
    this(name, in, out, activation, null);
  }

  /** Whether the layer adds a bias: every one but the first factor of a factorised one. */
  public boolean bias() {
    return factor == null || !factor.first();
  }

  public long params() {
    return (long) in * out + (bias() ? out : 0);
  }

  public long macs() {
    return (long) in * out;
  }
}
