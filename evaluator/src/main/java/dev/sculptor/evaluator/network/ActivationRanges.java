package dev.sculptor.evaluator.export;

import java.util.Map;

/**
 * Calibrated value range of every tensor the int8 graph quantises, keyed by the tensor's name in
 * the fp32 graph, with how it was measured.
 */
public record ActivationRanges(Map<String, Range> ranges, String method, int images) {
  public ActivationRanges {
    ranges = Map.copyOf(ranges);
  }

  public record Range(float min, float max) {
    /**
     * uint8 asymmetric parameters: the range always contains 0 so zero is exact (padding, ReLU).
     */
    public float scale() {
      float lo = Math.min(min, 0);
      float hi = Math.max(max, 0);
      float span = hi - lo;
      return span > 0 && Float.isFinite(span) ? span / 255f : 1f;
    }

    public int zeroPoint() {
      return Math.clamp(Math.round(-Math.min(min, 0) / scale()), 0, 255);
    }
  }

  public Range range(String tensor) {
    Range r = ranges.get(tensor);
    if (r == null) throw new OnnxExportException("no calibrated range for tensor " + tensor);
    return r;
  }
}
