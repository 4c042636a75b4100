package dev.sculptor.evaluator.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Value range of every tensor the int8 graph quantises (calibrated, or tracked while training),
 * keyed by the tensor's name in the fp32 graph, with how it was measured.
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

  /**
   * The ranges the quantisers tracked in the model's last quantisation-aware training, by tensor,
   * for its int8 export: empty if none tracked any.
   */
  public static Optional<ActivationRanges> trackedBy(List<ActivationQuantiser> quantisers) {
    Map<String, Range> ranges = new LinkedHashMap<>();
    long images = 0;
    double momentum = 0;
    for (ActivationQuantiser q : quantisers) {
      if (q.range().isEmpty()) continue;
      ranges.put(q.tensor(), q.range().get());
      images = Math.max(images, q.images());
      momentum = q.momentum();
    }
    if (ranges.isEmpty()) return Optional.empty();
    return Optional.of(
        new ActivationRanges(
            ranges,
            "moving average (momentum "
                + momentum
                + ") of the batches' min and max in quantisation-aware training",
            Math.toIntExact(images)));
  }

  public Optional<Range> range(String tensor) {
    return Optional.ofNullable(ranges.get(tensor));
  }
}
