package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.store.job.SearchJob;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SearchJobActiveTimeTest {
  private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void pausesForTheDeviceDoNotCountEndedOrCurrent() {
    SearchJob job = new SearchJob();
    job.startedAt = START;
    assertThat(job.activeTime(START.plusSeconds(600))).isEqualTo(Duration.ofMinutes(10));
    job.deviceWaitSeconds = 240; // an ended pause of 4 minutes
    assertThat(job.activeTime(START.plusSeconds(600))).isEqualTo(Duration.ofMinutes(6));
    job.deviceWaitSince = START.plusSeconds(540); // paused again a minute ago
    assertThat(job.activeTime(START.plusSeconds(600))).isEqualTo(Duration.ofMinutes(5));
    // the time the pause goes on does not count either
    assertThat(job.activeTime(START.plusSeconds(6000))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aJobNotStartedHasRunNoTimeAndNeverNegative() {
    SearchJob job = new SearchJob();
    assertThat(job.activeTime(START)).isEqualTo(Duration.ZERO);
    job.startedAt = START;
    job.deviceWaitSeconds = 10_000;
    assertThat(job.activeTime(START.plusSeconds(60))).isEqualTo(Duration.ZERO);
  }
}
