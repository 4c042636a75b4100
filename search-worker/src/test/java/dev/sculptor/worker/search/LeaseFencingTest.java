package dev.sculptor.worker.search;

import static dev.sculptor.worker.TestDatabase.count;
import static dev.sculptor.worker.TestDatabase.insertJob;
import static dev.sculptor.worker.TestDatabase.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.ConstructionCheck;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.ComputedMetrics;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.store.job.WriteConflicts;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.lease.JobLeases;
import dev.sculptor.worker.lease.LeaseLost;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Job writes against a real PostgreSQL: only the worker holding the current lease epoch writes; a
 * candidate without a result is resent, then failed after its last attempt; a cancel request is
 * never overwritten; a cancelled job whose worker died is ended by the sweep. (The scheduler is off
 * in this profile, so no sweep or renewal runs behind the test's back.)
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class LeaseFencingTest {
  @Inject JobLeases leases;
  @Inject JobProgressStore progress;
  @Inject Evaluations evaluations;
  @Inject SearchJobRepository jobs;

  @Test
  void aWorkerThatPausedPastItsLeaseCannotWriteTheJobAnotherWorkerTookOver() throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    // we pause past our lease; another worker claims the job (a new epoch) and runs it
    sql(
        "UPDATE search_job SET lease_expires_at = now() - interval '1 second' WHERE id = '"
            + job
            + "'");
    sql(
        "UPDATE search_job SET lease_owner = 'the-other-worker', lease_epoch = lease_epoch + 1,"
            + " lease_expires_at = now() + interval '30 seconds' WHERE id = '"
            + job
            + "'");

    // exactly one writes: ours are refused, whole
    assertThatThrownBy(() -> progress.finish(job, JobStatus.FAILED, "stale worker"))
        .isInstanceOf(LeaseLost.class);
    JobSpec spec = Json.read(read(job).spec, JobSpec.class);
    int[] genome = new int[MobileCnnSpace.genomeLength()];
    assertThatThrownBy(
            () ->
                evaluations.submit(
                    job, spec, MobileCnnSpace.decode(genome, null), "fp-stale", genome, 0))
        .isInstanceOf(LeaseLost.class);
    assertThat(leases.renew(job)).isFalse();

    SearchJob row = read(job);
    assertThat(row.status).isEqualTo(JobStatus.RUNNING);
    assertThat(row.leaseOwner).isEqualTo("the-other-worker");
    assertThat(row.failureReason).isNull();
    assertThat(count("SELECT count(*) FROM candidate WHERE job_id = '" + job + "'")).isZero();
  }

  @Test
  void theHolderOfTheLeaseWritesAndEachClaimStartsANewEpoch() throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    long first = read(job).leaseEpoch;
    progress.finish(job, JobStatus.SUCCEEDED, null);
    assertThat(read(job).status).isEqualTo(JobStatus.SUCCEEDED);

    UUID other = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(other)).isTrue();
    sql(
        "UPDATE search_job SET lease_expires_at = now() - interval '1 second' WHERE id = '"
            + other
            + "'");
    assertThat(leases.claim(other)).as("a lapsed lease may be claimed again").isTrue();
    assertThat(read(other).leaseEpoch).isEqualTo(first + 1);
  }

  @Test
  void aCancelRequestIsNeverOverwrittenByAWorkerWritingFromAStaleRead() throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    // the api reads the row to cancel it ...
    SearchJob apiRead = QuarkusTransaction.requiringNew().call(() -> jobs.findById(job));
    // ... the worker writes its progress meanwhile ...
    progress.update(job, 1, Json.read(apiRead.spec, JobSpec.class), List.of(), Instant.now());
    // ... and the api's write, based on the stale read, is refused rather than silently lost
    assertThatThrownBy(
            () ->
                QuarkusTransaction.requiringNew()
                    .run(
                        () -> {
                          SearchJob stale = jobs.getEntityManager().merge(apiRead);
                          stale.cancelRequested = true;
                        }))
        .satisfies(e -> assertThat(WriteConflicts.isWriteConflict(e)).as(e.toString()).isTrue());
    // a fresh read (what the api's retry does) succeeds, and the worker's next write keeps it
    QuarkusTransaction.requiringNew().run(() -> jobs.findById(job).cancelRequested = true);
    progress.update(job, 2, Json.read(apiRead.spec, JobSpec.class), List.of(), Instant.now());
    assertThat(read(job).cancelRequested).isTrue();
    assertThat(read(job).generation).isEqualTo(2);
  }

  @Test
  void aCancelledJobWhoseWorkerDiedIsEndedByTheSweepInsteadOfStayingRunning() throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    sql(
        "UPDATE search_job SET cancel_requested = true, lease_expires_at = now() - interval '1"
            + " second' WHERE id = '"
            + job
            + "'");

    assertThat(leases.orphans()).doesNotContain(job);
    assertThat(leases.endAbandonedCancellations()).contains(job);
    SearchJob row = read(job);
    assertThat(row.status).isEqualTo(JobStatus.CANCELLED);
    assertThat(row.finishedAt).isNotNull();
    assertThat(row.leaseOwner).isNull();
  }

  @Test
  void aLeaseGivenBackOnShutdownCanBeClaimedAtOnce() throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    leases.release(job);
    assertThat(leases.orphans()).contains(job);
    assertThat(read(job).status).isEqualTo(JobStatus.RUNNING);
    assertThat(read(job).leaseOwner).isNull();
    assertThat(leases.claim(job)).isTrue();
  }

  @Test
  void aCandidateWithoutAResultIsResentWithItsAttemptRaisedAndFailsAfterTheLastAttempt()
      throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    JobSpec spec = Json.read(read(job).spec, JobSpec.class);
    int[] genome = new int[MobileCnnSpace.genomeLength()];
    UUID candidate =
        evaluations.submit(job, spec, MobileCnnSpace.decode(genome, null), "fp-resend", genome, 0);
    String row = "FROM candidate WHERE id = '" + candidate + "'";
    assertThat(count("SELECT attempts " + row)).isEqualTo(1);
    assertThat(count("SELECT count(*) " + row + " AND sent_at IS NOT NULL")).isEqualTo(1);

    // no result within the evaluation timeout: sent again, as attempt 2, and marked sent again
    sql("UPDATE candidate SET sent_at = now() - interval '1 day' WHERE id = '" + candidate + "'");
    evaluations.resendStale(job, spec);
    assertThat(count("SELECT attempts " + row)).isEqualTo(2);
    assertThat(count("SELECT count(*) " + row + " AND sent_at > now() - interval '1 minute'"))
        .isEqualTo(1);

    // a fresh request is left alone
    evaluations.resendStale(job, spec);
    assertThat(count("SELECT attempts " + row)).isEqualTo(2);

    // the last attempt timed out too: the candidate fails instead of being sent forever
    sql(
        "UPDATE candidate SET attempts = "
            + Evaluations.MAX_ATTEMPTS
            + ", sent_at = now() - interval '1 day' WHERE id = '"
            + candidate
            + "'");
    evaluations.resendStale(job, spec);
    assertThat(count("SELECT count(*) " + row + " AND status = 'FAILED' AND feasible = false"))
        .isEqualTo(1);
    assertThat(count("SELECT attempts " + row)).isEqualTo(Evaluations.MAX_ATTEMPTS);
  }

  @Test
  void aRequestWaitingBehindOtherWorkIsNotResentWhileTheTargetsEvaluatorsDeliverResults()
      throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    JobSpec spec = Json.read(read(job).spec, JobSpec.class);
    int[] genome = new int[MobileCnnSpace.genomeLength()];
    UUID waiting =
        evaluations.submit(job, spec, MobileCnnSpace.decode(genome, null), "fp-queued", genome, 0);
    String row = "FROM candidate WHERE id = '" + waiting + "'";
    String sentLongAgo =
        "UPDATE candidate SET sent_at = now() - interval '1 day' WHERE id = '" + waiting + "'";
    // another job's request, finished a minute ago by a live evaluator of the same target
    UUID other = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(other)).isTrue();
    UUID done =
        evaluations.submit(other, spec, MobileCnnSpace.decode(genome, null), "fp-done", genome, 0);
    String evaluator = "queue-" + UUID.randomUUID();
    String doneAgo =
        "UPDATE candidate SET status = 'SUCCEEDED', evaluator_id = '"
            + evaluator
            + "', finished_at = now() - interval '%s' WHERE id = '"
            + done
            + "'";
    try {
      sql(
          "INSERT INTO evaluator (id, hardware_target, host, cores, engine, last_seen_at) VALUES"
              + " ('"
              + evaluator
              + "', 'host-cpu', 'test', 2, 'PyTorch', now())");
      sql(doneAgo.formatted("1 minute"));
      sql(sentLongAgo);

      evaluations.resendStale(job, spec);
      assertThat(count("SELECT attempts " + row)).as("waiting its turn, not lost").isEqualTo(1);

      // the queue stood still for a whole timeout: sent again
      sql(doneAgo.formatted("1 day"));
      evaluations.resendStale(job, spec);
      assertThat(count("SELECT attempts " + row)).isEqualTo(2);

      // a recent result from an evaluator that is no longer live moves nothing
      sql(doneAgo.formatted("1 minute"));
      sql(
          "UPDATE evaluator SET last_seen_at = now() - interval '1 day' WHERE id = '"
              + evaluator
              + "'");
      sql(sentLongAgo);
      evaluations.resendStale(job, spec);
      assertThat(count("SELECT attempts " + row)).isEqualTo(3);
    } finally {
      // no live evaluator left behind for the other tests' timeouts
      sql(
          "UPDATE evaluator SET last_seen_at = now() - interval '1 day' WHERE id = '"
              + evaluator
              + "'");
    }
  }

  @Test
  void anInfeasibleCandidateIsStoredUnsentFoundByItsFingerprintAndCountsNoEvaluation()
      throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    JobSpec spec = Json.read(read(job).spec, JobSpec.class);
    int[] genome = new int[MobileCnnSpace.genomeLength()];
    CandidateSpec candidate = MobileCnnSpace.decode(genome, null);
    DatasetInfo info = DatasetCatalog.builtIn("synthetic").orElseThrow();
    ConstructionCheck check =
        ConstructionCheck.of(
            new Constraints(1_000L, null, null, null, null),
            ComputedMetrics.of(
                NetworkDecoder.decodePruned(candidate, info.shape(), info.classes()),
                candidate.compression().precision()));
    UUID id = evaluations.recordInfeasible(job, candidate, "fp-infeasible", genome, 0, check);

    String row = "FROM candidate WHERE id = '" + id + "'";
    assertThat(
            count(
                "SELECT count(*) "
                    + row
                    + " AND status = 'INFEASIBLE' AND sent_at IS NULL AND attempts = 0"
                    + " AND feasible = false AND failure_reason LIKE 'infeasible by construction:"
                    + " computed size at least %'"))
        .isEqualTo(1);
    assertThat(evaluations.find(job, "fp-infeasible"))
        .hasValueSatisfying(c -> assertThat(c.status).isEqualTo(CandidateStatus.INFEASIBLE));
    evaluations.resendStale(job, spec);
    assertThat(count("SELECT count(*) " + row + " AND sent_at IS NULL")).isEqualTo(1);
    progress.update(job, 1, spec, evaluations.rows(job), Instant.now());
    assertThat(read(job).evaluated).as("never sent, so no evaluation").isZero();
  }

  @Test
  void timePausedForTheDeviceIsNotCountedAgainstTheWallClockBudget() throws Exception {
    UUID job = newJob(JobStatus.QUEUED);
    assertThat(leases.claim(job)).isTrue();
    sql(
        "UPDATE search_job SET started_at = now() - interval '10 minutes' WHERE id = '"
            + job
            + "'");
    progress.deviceState(job, true, "no evaluator of host-cpu");
    assertThat(read(job).status).isEqualTo(JobStatus.WAITING_FOR_DEVICE);
    // the pause began 4 minutes ago
    sql(
        "UPDATE search_job SET device_wait_since = now() - interval '4 minutes' WHERE id = '"
            + job
            + "'");
    assertThat(progress.activeTime(job, Instant.now()).toSeconds()).isBetween(350L, 370L);
    progress.deviceState(job, false, "host-cpu is back");
    SearchJob row = read(job);
    assertThat(row.status).isEqualTo(JobStatus.RUNNING);
    assertThat(row.deviceWaitSince).isNull();
    assertThat(row.deviceWaitSeconds).isBetween(240L, 250L);
    // a second pause adds to the first
    progress.deviceState(job, true, "gone again");
    sql(
        "UPDATE search_job SET device_wait_since = now() - interval '1 minute' WHERE id = '"
            + job
            + "'");
    progress.deviceState(job, false, "back");
    assertThat(read(job).deviceWaitSeconds).isBetween(300L, 310L);
    assertThat(progress.activeTime(job, Instant.now()).toSeconds()).isBetween(290L, 310L);
  }

  private UUID newJob(JobStatus status) throws Exception {
    return insertJob(
        "fencing",
        """
        {"name": "fencing", "dataset": "synthetic", "hardwareTarget": "host-cpu",
         "constraints": {"maxModelBytes": 5000000}, "budget": {"maxCandidates": 4, "maxWallClockMinutes": 10}, "seed": 1}\
        """,
        status,
        "now() - interval '1 minute'");
  }

  private SearchJob read(UUID job) {
    return QuarkusTransaction.requiringNew().call(() -> jobs.findById(job));
  }
}
