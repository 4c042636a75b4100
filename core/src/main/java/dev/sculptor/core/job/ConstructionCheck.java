package dev.sculptor.core.job;

import dev.sculptor.core.metrics.ComputedMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The free check of a candidate against the limits its decoded spec already settles: size (by its
 * lower bound), parameters, MACs and peak activation memory. A candidate that misses one is
 * infeasible by construction: it is recorded, never sent for evaluation. Latency and accuracy are
 * unknown before an evaluation and play no part, so {@code violation} (the sum of the relative
 * excesses, as the search's feasibility measures it) is at most the one an evaluation would find,
 * never more.
 *
 * @param reason each missed limit, as a person reads it; empty when the candidate passes
 */
public record ConstructionCheck(ComputedMetrics computed, double violation, String reason) {

  /**
   * Whether {@code constraints} set any limit this check can settle (without one, a search need not
   * decode networks).
   */
  public static boolean applies(Constraints constraints) {
    return constraints.maxModelBytes() != null
        || constraints.maxParams() != null
        || constraints.maxMacs() != null
        || constraints.maxPeakMemoryBytes() != null;
  }

  public static ConstructionCheck of(Constraints constraints, ComputedMetrics m) {
    List<String> missed = new ArrayList<>();
    double v =
        excess(
                "size at least",
                m.modelBytesAtLeast(),
                "maxModelBytes",
                constraints.maxModelBytes(),
                true,
                missed)
            + excess("parameters", m.params(), "maxParams", constraints.maxParams(), false, missed)
            + excess("MACs", m.macs(), "maxMacs", constraints.maxMacs(), false, missed)
            + excess(
                "peak activation memory",
                m.peakActivationBytes(),
                "maxPeakMemoryBytes",
                constraints.maxPeakMemoryBytes(),
                true,
                missed);
    return new ConstructionCheck(m, v, String.join("; ", missed));
  }

  /** Whether the candidate may still meet every limit: only then is it worth evaluating. */
  public boolean passes() {
    return violation <= 0;
  }

  /** The relative excess of {@code value} over {@code limit} (0 within it or without one). */
  private static double excess(
      String what, long value, String limitName, Long limit, boolean bytes, List<String> missed) {
    if (limit == null || limit <= 0 || value <= limit) return 0;
    String shown = bytes ? bytes(value) : count(value);
    String max = bytes ? bytes(limit) : count(limit);
    // rounded alike, the two would read as equal: the exact numbers say why one exceeds
    if (shown.equals(max)) {
      shown = value + (bytes ? " B" : "");
      max = limit + (bytes ? " B" : "");
    }
    missed.add("computed " + what + " " + shown + " exceeds " + limitName + " " + max);
    return (double) value / limit - 1;
  }

  /** SI units, as sizes are entered ("10MB" = 10,000,000 bytes) and shown. */
  static String bytes(long b) {
    if (b >= 1_000_000_000) return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    if (b >= 1_000_000) return String.format(Locale.ROOT, "%.2f MB", b / 1e6);
    if (b >= 1_000) return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
    return b + " B";
  }

  static String count(long n) {
    if (n >= 1_000_000_000) return String.format(Locale.ROOT, "%.2fG", n / 1e9);
    if (n >= 1_000_000) return String.format(Locale.ROOT, "%.2fM", n / 1e6);
    if (n >= 1_000) return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    return Long.toString(n);
  }
}
