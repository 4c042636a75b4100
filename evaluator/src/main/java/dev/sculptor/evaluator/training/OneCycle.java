package dev.sculptor.evaluator.training;

import ai.djl.training.tracker.Tracker;

/**
 * A one-cycle learning-rate schedule (Smith & Topin): linear warm-up from {@code peak / 25} to
 * {@code peak} over the first 30% of the updates, then cosine annealing to {@code peak / 10⁴}. Past
 * {@code totalUpdates} it stays at the floor.
 */
public record OneCycle(float peak, int totalUpdates) implements Tracker {
  private static final double WARM_UP = 0.3;

  public OneCycle {
    if (!(peak > 0) || totalUpdates < 1)
      throw new IllegalArgumentException("one-cycle needs a positive peak and at least one update");
  }

  @Override
  public float getNewValue(int numUpdate) {
    double start = peak / 25.0;
    double floor = peak / 1e4;
    int warm = Math.max(1, (int) Math.round(totalUpdates * WARM_UP));
    if (numUpdate <= warm) return (float) (start + (peak - start) * numUpdate / warm);
    double t = Math.min(1.0, (double) (numUpdate - warm) / Math.max(1, totalUpdates - warm));
    return (float) (floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * t)));
  }
}
