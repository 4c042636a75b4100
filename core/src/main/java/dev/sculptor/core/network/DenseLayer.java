package dev.sculptor.core.network;

/** A fully connected layer of the head (weights and bias). */
public record DenseLayer(String name, int in, int out, boolean activation) {
  public long params() {
    return (long) in * out + out;
  }

  public long macs() {
    return (long) in * out;
  }
}
