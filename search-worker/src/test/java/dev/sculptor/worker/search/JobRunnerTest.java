package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.worker.lease.JobLeases;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The runner's bookkeeping when claiming fails (plain fakes: no database involved). */
class JobRunnerTest {
  /** A database that is away for the first claim, then answers that someone else holds the job. */
  static final class FlakyLeases extends JobLeases {
    int claims;

    @Override
    public boolean claim(UUID jobId) {
      if (++claims == 1)
        throw new IllegalStateException("Acquisition timeout while waiting for new connection");
      return false;
    }
  }

  @Test
  void aClaimThatFailsGivesBackItsSlotSoTheWorkerCanStillStartJobs() {
    JobRunner runner = new JobRunner(1);
    FlakyLeases leases = new FlakyLeases();
    runner.leases = leases;
    UUID job = UUID.randomUUID();

    assertThatThrownBy(() -> runner.tryStart(job)).hasMessageContaining("Acquisition timeout");
    // with the only slot leaked, this would return false without asking the database again
    assertThat(runner.tryStart(job)).isFalse();
    assertThat(leases.claims).isEqualTo(2);
  }
}
