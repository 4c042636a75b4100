package dev.sculptor.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a crashed service is started again: at most {@code maxRestarts} restarts within a sliding
 * {@code window}, each after a delay that doubles from {@code firstDelay} up to {@code maxDelay}. A
 * service that keeps dying is left down rather than restarted in a tight loop.
 */
public record RestartPolicy(
    int maxRestarts, Duration window, Duration firstDelay, Duration maxDelay) {

  /** What the launcher uses (docs/operations.md, "The local launcher"). */
  public static final RestartPolicy DEFAULT =
      new RestartPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30));

  public RestartPolicy {
    if (maxRestarts < 0) throw new IllegalArgumentException("maxRestarts must not be negative");
    if (window.isNegative() || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException(
          "window and delays must be positive, maxDelay at least firstDelay");
    }
  }

  /** What to do about one exit. */
  public sealed interface Decision {}

  /**
   * Start it again after {@code delay}; this is restart {@code attempt} of at most {@code limit} in
   * the window.
   */
  public record Restart(int attempt, int limit, Duration delay) implements Decision {}

  /** Leave it down: it was already restarted {@code restarts} times within the window. */
  public record GiveUp(int restarts, Duration window) implements Decision {}

  /** Decides about an exit at {@code now}, given when this service was restarted before. */
  public Decision onExit(List<Instant> earlierRestarts, Instant now) {
    Instant windowStart = now.minus(window);
    int recent = (int) earlierRestarts.stream().filter(t -> t.isAfter(windowStart)).count();
    if (recent >= maxRestarts) return new GiveUp(recent, window);
    return new Restart(recent + 1, maxRestarts, delay(recent));
  }

  private Duration delay(int earlierInWindow) {
    Duration delay = firstDelay;
    for (int i = 0; i < earlierInWindow && delay.compareTo(maxDelay) < 0; i++)
      delay = delay.multipliedBy(2);
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
