package dev.sculptor.core.space;

/** Weight precision of the deployable artifact. INT8 is per-channel symmetric with fp32 scales. */
public enum Precision {
  FP32(4),
  FP16(2),
  INT8(1);

  private final int bytesPerWeight;

  Precision(int bytesPerWeight) {
    this.bytesPerWeight = bytesPerWeight;
  }

  public int bytesPerWeight() {
    return bytesPerWeight;
  }
}
