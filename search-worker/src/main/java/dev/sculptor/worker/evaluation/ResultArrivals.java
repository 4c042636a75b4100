package dev.sculptor.worker.evaluation;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Wakes a waiting search as soon as this process has stored a result, instead of letting it sleep
 * out a polling interval (which was most of the worker's overhead per generation). Results stored
 * by another worker still reach the search through its polling, so this is only a shortcut.
 */
@ApplicationScoped
public class ResultArrivals {
  private long arrivals;

  /** Called after a result row was committed. */
  public synchronized void arrived() {
    arrivals++;
    notifyAll();
  }

  /**
   * Wakes every waiting search without a result (a cancel request heard), so it looks at its job
   * now.
   */
  public synchronized void wake() {
    arrivals++;
    notifyAll();
  }

  /**
   * How many results (and wake-ups) this process has seen so far: the mark {@link #awaitAfter}
   * waits past.
   */
  public synchronized long mark() {
    return arrivals;
  }

  /** Waits until a result arrives after {@code mark}, or {@code timeout} passes. */
  public synchronized void awaitAfter(long mark, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (arrivals == mark) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return;
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
