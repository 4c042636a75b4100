package dev.sculptor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final RestartPolicy POLICY = RestartPolicy.DEFAULT;

  @Test
  void theFirstCrashIsRestartedAfterTheFirstDelay() {
    assertThat(POLICY.onExit(List.of(), NOW))
        .isEqualTo(new RestartPolicy.Restart(1, 5, Duration.ofSeconds(1)));
  }

  @Test
  void eachFurtherRestartWithinTheWindowWaitsTwiceAsLong() {
    List<Instant> restarts = new ArrayList<>();
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      var restart = (RestartPolicy.Restart) POLICY.onExit(restarts, NOW.plusSeconds(i));
      assertThat(restart.attempt()).isEqualTo(i + 1);
      delays.add(restart.delay());
      restarts.add(NOW.plusSeconds(i));
    }
    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));
  }

  @Test
  void theDelayStopsGrowingAtTheMaximum() {
    RestartPolicy policy =
        new RestartPolicy(10, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(5));
    List<Instant> sixEarlier = List.of(NOW, NOW, NOW, NOW, NOW, NOW);
    assertThat(policy.onExit(sixEarlier, NOW))
        .isEqualTo(new RestartPolicy.Restart(7, 10, Duration.ofSeconds(5)));
  }

  @Test
  void aServiceRestartedTheMaximumNumberOfTimesWithinTheWindowIsLeftDown() {
    List<Instant> fiveInTenMinutes =
        List.of(
            NOW.minusSeconds(500),
            NOW.minusSeconds(400),
            NOW.minusSeconds(300),
            NOW.minusSeconds(200),
            NOW.minusSeconds(100));
    assertThat(POLICY.onExit(fiveInTenMinutes, NOW))
        .isEqualTo(new RestartPolicy.GiveUp(5, Duration.ofMinutes(10)));
  }

  @Test
  void restartsOlderThanTheWindowNoLongerCount() {
    List<Instant> fiveLongAgo =
        List.of(
            NOW.minusSeconds(3000),
            NOW.minusSeconds(2000),
            NOW.minusSeconds(1000),
            NOW.minusSeconds(900),
            NOW.minusSeconds(100));
    assertThat(POLICY.onExit(fiveLongAgo, NOW))
        .isEqualTo(new RestartPolicy.Restart(2, 5, Duration.ofSeconds(2)));
  }

  @Test
  void aPolicyOfNoRestartsGivesUpAtOnce() {
    RestartPolicy never =
        new RestartPolicy(0, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(never.onExit(List.of(), NOW)).isInstanceOf(RestartPolicy.GiveUp.class);
  }
}
