package dev.sculptor.worker.strategy;

/**
 * Early stopping: the search has plateaued once the front's hypervolume has not grown by more than
 * 0.1% (relative) over its best for {@code patience} generations in a row. A null patience never
 * stops. Hypervolume is observed once per generation, so a resumed job that replays its generations
 * reaches the same decision at the same generation.
 */
public final class HypervolumePlateau {
  static final double MIN_RELATIVE_GAIN = 0.001;

  private final Integer patience;
  private double best = Double.NEGATIVE_INFINITY;
  private int stale;

  public HypervolumePlateau(Integer patience) {
    this.patience = patience;
  }

  /** Records one generation's hypervolume. */
  public void observe(double hypervolume) {
    if (best == Double.NEGATIVE_INFINITY
        || hypervolume > best + MIN_RELATIVE_GAIN * Math.abs(best)) {
      best = hypervolume;
      stale = 0;
    } else {
      stale++;
    }
  }

  public boolean reached() {
    return patience != null && stale >= patience;
  }

  /** Why the search stopped, in the user's words. */
  public String reason() {
    return "stopped early: the front's hypervolume did not improve for "
        + patience
        + " generations";
  }
}
