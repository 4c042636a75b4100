package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.evaluation.ResultArrivals;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.strategy.SearchStrategy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A cancel request heard on the jobs topic stops a search at once: not one more candidate is sent,
 * not even the rest of the generation being sent, and the search ends without waiting for the
 * generation's results. Plain fakes; JobCancelTest hears the request on a real broker.
 */
class SearchRunCancelTest {

  /**
   * Nothing cancelled in the row; the request is heard once {@code heardAfter} candidates have been
   * sent.
   */
  static final class Progress extends JobProgressStore {
    /** No device pauses here: the wall clock since the start. */
    @Override
    public java.time.Duration activeTime(UUID jobId, Instant startedAt) {
      return java.time.Duration.between(startedAt, Instant.now());
    }

    final SearchRunResumeTest.FakeDatabase database;
    final int heardAfter;
    int generations;

    Progress(SearchRunResumeTest.FakeDatabase database, int heardAfter) {
      this.database = database;
      this.heardAfter = heardAfter;
    }

    @Override
    public boolean cancelHeard(UUID jobId) {
      return sent(database) >= heardAfter;
    }

    @Override
    public boolean cancelRequested(UUID jobId) {
      return cancelHeard(jobId);
    }

    @Override
    void update(
        UUID jobId, int generation, JobSpec spec, List<Candidate> rows, Instant startedAt) {}

    @Override
    void recordGeneration(
        UUID jobId,
        int generation,
        JobSpec spec,
        List<Candidate> rows,
        Instant startedAt,
        Double policyReward,
        PruningPolicy.State policy) {
      generations = generation;
    }
  }

  @Test
  void aCancelHeardWhileAGenerationIsBeingSentSendsNothingMoreAndEndsTheSearch() {
    JobSpec spec = SearchRunResumeTest.spec(Strategy.RANDOM, 160, null);
    assertThat(spec.budget().effectivePopulationSize())
        .as("a generation bigger than what is sent before the cancel")
        .isGreaterThan(2);
    var whole = new SearchRunResumeTest.FakeDatabase(Integer.MAX_VALUE);
    search(spec, whole, new Progress(whole, Integer.MAX_VALUE));
    long firstGeneration =
        whole.rows.stream().filter(c -> c.sentAt != null && c.generation == 1).count();
    assertThat(firstGeneration)
        .as("an uninterrupted first generation sends more than the cancel lets through")
        .isGreaterThan(2);

    var database = new SearchRunResumeTest.FakeDatabase(Integer.MAX_VALUE);
    Progress progress = new Progress(database, 2);
    SearchRun run = search(spec, database, progress);

    assertThat(sent(database))
        .as("the candidates sent before the cancel was heard, and no other")
        .isEqualTo(2);
    assertThat(run.cancelled()).isTrue();
    assertThat(progress.generations).as("the interrupted generation is the last").isEqualTo(1);
  }

  static SearchRun search(
      JobSpec spec, SearchRunResumeTest.FakeDatabase database, Progress progress) {
    SearchRun run =
        new SearchRun(
            SearchRunResumeTest.JOB,
            spec,
            Instant.now(),
            database,
            new ResultArrivals(),
            progress,
            () -> true,
            null);
    SearchStrategy.of(spec.strategy(), spec.seed(), spec.budget().effectivePopulationSize())
        .search(run);
    return run;
  }

  /**
   * Rows sent for evaluation; a candidate infeasible by construction is stored without being sent.
   */
  static long sent(SearchRunResumeTest.FakeDatabase database) {
    return database.rows.stream().filter(c -> c.sentAt != null).count();
  }
}
