package dev.sculptor.core.job;

/**
 * A device class candidates are measured on. {@code threads} fixes the intra-op thread count used
 * for latency so numbers from different evaluators of one target are comparable. {@code
 * deviceNote}, where set, says what stands in the way of attaching an evaluator of the target.
 */
public record HardwareTarget(
    String id, String name, String description, int threads, String deviceNote) {
  public HardwareTarget(String id, String name, String description, int threads) {
    this(id, name, description, threads, null);
  }
}
