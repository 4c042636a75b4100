package dev.sculptor.api.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TeamSubmitGateTest {
  private final UUID team = UUID.randomUUID();

  private TeamSubmitGate gate(int queue, Duration wait) {
    return new TeamSubmitGate(queue, wait);
  }

  @Test
  void aTeamsSubmitsRunOneAtATimeAndOtherTeamsDoNotWait() throws Exception {
    TeamSubmitGate gate = gate(4, Duration.ofSeconds(30));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<String> first =
          pool.submit(
              () ->
                  gate.inTurn(
                      team,
                      () -> {
                        inside.countDown();
                        waitFor(release);
                        return "first";
                      }));
      inside.await();
      Future<String> second = pool.submit(() -> gate.inTurn(team, () -> "second"));
      // another team goes straight through while this team's turn is held
      assertThat(gate.inTurn(UUID.randomUUID(), () -> "other team")).isEqualTo("other team");
      await().atMost(Duration.ofSeconds(10)).until(() -> gate.queued(team) == 2);
      assertThat(second.isDone()).as("the team's second submit waits for the first").isFalse();
      release.countDown();
      assertThat(first.get()).isEqualTo("first");
      assertThat(second.get()).isEqualTo("second");
    }
  }

  @Test
  void aSubmitThatWaitsLongerThanAllowedIsToldToRetry() throws Exception {
    TeamSubmitGate gate = gate(4, Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      holdTurn(gate, pool, release);
      assertThatThrownBy(() -> gate.inTurn(team, () -> "late"))
          .isInstanceOf(QuotaExceededException.class)
          .satisfies(
              e -> {
                QuotaExceededException q = (QuotaExceededException) e;
                assertThat(q.retryAfterSeconds()).isEqualTo(1);
                assertThat(q.setting()).isEqualTo("sculptor.api.submit-queue-per-team");
                assertThat(q.getMessage()).contains("within 200 ms");
              });
      release.countDown();
    }
  }

  @Test
  void overTheQueueASubmitIsRefusedWithoutWaitingAndPlacesAreGivenBack() throws Exception {
    TeamSubmitGate gate = gate(2, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      holdTurn(gate, pool, release);
      Future<String> waiting = pool.submit(() -> gate.inTurn(team, () -> "waiting"));
      await().atMost(Duration.ofSeconds(10)).until(() -> gate.queued(team) == 2);
      assertThatThrownBy(() -> gate.inTurn(team, () -> "third"))
          .isInstanceOf(QuotaExceededException.class)
          .hasMessageContaining("already 2 submits");
      release.countDown();
      assertThat(waiting.get()).isEqualTo("waiting");
    }
    assertThat(gate.queued(team)).isZero();
    assertThat(gate.inTurn(team, () -> "after")).isEqualTo("after");
  }

  /** Holds the team's turn on {@code pool} until {@code release}; returns once it is held. */
  private void holdTurn(TeamSubmitGate gate, ExecutorService pool, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(1);
    pool.submit(
        () ->
            gate.inTurn(
                team,
                () -> {
                  inside.countDown();
                  waitFor(release);
                  return "holder";
                }));
    inside.await();
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
