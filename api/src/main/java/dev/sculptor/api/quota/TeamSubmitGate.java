package dev.sculptor.api.quota;

import dev.sculptor.api.ApiSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lets one submit per team at a time into the database on this replica, and only a few wait.
 *
 * <p>A team's submits serialise on its row lock ({@link SubmitQuotas#lockTeam}); without this gate
 * every waiting submit would hold a pooled connection while it waits, and one team's flood would
 * take the pool from every other team's reads. Here the waiters hold only a request thread, at most
 * {@code sculptor.api.submit-queue-per-team} of them, each for at most {@code
 * sculptor.api.submit-wait}; the rest are told at once to retry (429 with Retry-After).
 */
@ApplicationScoped
public class TeamSubmitGate {
  static final long RETRY_AFTER_SECONDS = 1;

  private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();

  private final int queuePerTeam;
  private final Duration maxWait;

  @Inject
  TeamSubmitGate(ApiSettings settings) {
    this(settings.requests().submitQueuePerTeam(), settings.requests().submitWait());
  }

  TeamSubmitGate(int queuePerTeam, Duration maxWait) {
    this.queuePerTeam = queuePerTeam;
    this.maxWait = maxWait;
  }

  /** One team's turn: who holds it, and how many wait for it. */
  private static final class Lane {
    final Semaphore turn = new Semaphore(1, true);
    final Semaphore queue;

    Lane(int queue) {
      this.queue = new Semaphore(queue);
    }
  }

  public <T> T inTurn(UUID teamId, Supplier<T> submit) {
    Lane lane = lanes.computeIfAbsent(teamId, id -> new Lane(queuePerTeam));
    if (!lane.queue.tryAcquire())
      throw busy("already " + queuePerTeam + " submits of this team are waiting");
    try {
      if (!lane.turn.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw busy(
            "the team's earlier submits did not finish within " + maxWait.toMillis() + " ms");
      }
      try {
        return submit.get();
      } finally {
        lane.turn.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy("interrupted while waiting for the team's earlier submits");
    } finally {
      lane.queue.release();
    }
  }

  /** Whether some of the team's submits hold or wait for its turn on this replica. */
  public boolean busy(UUID teamId) {
    return queued(teamId) > 0;
  }

  /** How many of the team's submits hold or wait for its turn on this replica. */
  int queued(UUID teamId) {
    Lane lane = lanes.get(teamId);
    return lane == null ? 0 : queuePerTeam - lane.queue.availablePermits();
  }

  private QuotaExceededException busy(String why) {
    return busy(why, queuePerTeam);
  }

  /** 429: the team's submits are queued deeper or longer than allowed; retry in a second. */
  static QuotaExceededException busy(String why, long limit) {
    return new QuotaExceededException(
        "submits-in-flight",
        limit,
        why
            + "; a team's submits are stored one at a"
            + " time, retry after "
            + RETRY_AFTER_SECONDS
            + " s",
        "sculptor.api.submit-queue-per-team",
        RETRY_AFTER_SECONDS);
  }
}
