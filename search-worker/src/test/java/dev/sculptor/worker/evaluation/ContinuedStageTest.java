package dev.sculptor.worker.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.Continuation;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.FidelityRun;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.candidate.EarlierStage;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.worker.lease.JobLeases;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Successive halving's two stages in the real tables and on the real evaluate topic: a new
 * candidate's request trains the short first stage; continuing it sends the row's next attempt at
 * the full epochs from its own checkpoint and keeps the first stage's result; a late first-stage
 * result is not taken for the continued stage's; a continued stage that succeeds replaces the
 * result (labelled resumed), one that fails leaves the first stage's.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ContinuedStageTest {
  @Inject JobLeases leases;
  @Inject Evaluations evaluations;
  @Inject CandidateRepository candidates;
  @Inject SearchJobRepository jobs;
  @Inject ResultIngest ingest;

  @Test
  void aCandidateIsContinuedFromItsCheckpointInItsOwnRowAndNothingIsLost() throws Exception {
    UUID job = newJob();
    assertThat(leases.claim(job)).isTrue();
    JobSpec spec =
        Json.read(
            QuarkusTransaction.requiringNew().call(() -> jobs.findById(job).spec), JobSpec.class);
    int[] genome = new int[MobileCnnSpace.genomeLength()];
    var candidate = MobileCnnSpace.decode(genome, null);
    UUID succeeds = evaluations.submit(job, spec, candidate, "fp-succeeds", genome, 0);
    UUID fails = evaluations.submit(job, spec, candidate, "fp-fails", genome, 0);
    for (UUID id : List.of(succeeds, fails)) {
      ingest.store(result(job, id, 1, 0.40, new FidelityRun(1, 1, null, null, null, true)));
    }
    assertThat(row(succeeds).status).isEqualTo(CandidateStatus.SUCCEEDED);
    assertThat(row(succeeds).fidelityEpochs).isEqualTo(1);
    assertThat(Json.read(row(succeeds).fidelityRun, FidelityRun.class).totalEpochs()).isEqualTo(1);

    evaluations.continueCandidates(job, spec, List.of(succeeds, fails));
    evaluations.continueCandidates(job, spec, List.of(succeeds)); // a replay: not twice

    Candidate pending = row(succeeds);
    assertThat(pending.status).isEqualTo(CandidateStatus.PENDING);
    assertThat(pending.attempts).isEqualTo(2);
    assertThat(pending.fidelityEpochs).isEqualTo(3);
    assertThat(Json.read(pending.earlierStage, EarlierStage.class).accuracy()).isEqualTo(0.40);
    List<EvaluationRequest> sent = sent(job, 4);
    assertThat(sent).hasSize(4);
    EvaluationRequest first = only(sent, succeeds, 1);
    assertThat(first.fidelity().epochs()).isEqualTo(1);
    assertThat(first.continues()).isNull();
    EvaluationRequest second = only(sent, succeeds, 2);
    assertThat(second.fidelity().epochs()).isEqualTo(3);
    assertThat(second.continues()).isEqualTo(new Continuation(succeeds, 1));

    // a first-stage result delivered again late is not the continued stage's
    ingest.store(result(job, succeeds, 1, 0.41, null));
    assertThat(row(succeeds).status).isEqualTo(CandidateStatus.PENDING);

    ingest.store(result(job, succeeds, 2, 0.80, new FidelityRun(2, 3, null, succeeds, null, true)));
    Candidate done = row(succeeds);
    assertThat(done.status).isEqualTo(CandidateStatus.SUCCEEDED);
    assertThat(done.accuracy).isEqualTo(0.80);
    assertThat(Json.read(done.fidelityRun, FidelityRun.class).resumedFrom()).isEqualTo(succeeds);
    assertThat(Json.read(done.earlierStage, EarlierStage.class).accuracy())
        .as("the first stage kept")
        .isEqualTo(0.40);

    ingest.store(
        EvaluationResult.failed(
            new EvaluationRequest(job, fails, "host-cpu", null, null, null, null, 1, 2),
            null,
            null,
            "loss became NaN in epoch 2",
            false));
    Candidate kept = row(fails);
    assertThat(kept.status).isEqualTo(CandidateStatus.SUCCEEDED);
    assertThat(kept.accuracy).isEqualTo(0.40);
    assertThat(kept.fidelityEpochs).isEqualTo(1);
    assertThat(kept.failureReason).contains("loss became NaN").contains("first stage's result");
  }

  private Candidate row(UUID id) {
    return QuarkusTransaction.requiringNew().call(() -> candidates.findById(id));
  }

  private static EvaluationRequest only(List<EvaluationRequest> sent, UUID id, int attempt) {
    return sent.stream()
        .filter(r -> r.candidateId().equals(id) && r.attempt() == attempt)
        .reduce(
            (a, b) -> {
              throw new AssertionError("sent twice: " + id + " attempt " + attempt);
            })
        .orElseThrow();
  }

  private static List<EvaluationRequest> sent(UUID job, int expected) {
    return SentRequests.atLeast(job, expected);
  }

  private static EvaluationResult result(
      UUID job, UUID id, int attempt, double accuracy, FidelityRun fidelity) {
    Latency latency =
        new Latency(1.0, 1.2, 0.05, 1, "fp32", MetricSource.measured("host-cpu", 10, "test"));
    Metrics metrics =
        new Metrics(
            accuracy,
            "validation",
            MetricSource.measured("host-cpu", 1000, "test"),
            latency,
            40_000,
            10_000,
            100_000,
            1000,
            null);
    return new EvaluationResult(
        job,
        id,
        attempt,
        EvaluationResult.Status.SUCCEEDED,
        metrics,
        null,
        null,
        null,
        List.of(),
        null,
        Instant.now(),
        null,
        fidelity);
  }

  private static UUID newJob() throws Exception {
    UUID team = UUID.randomUUID();
    UUID job = UUID.randomUUID();
    JobSpec spec =
        Json.read(
                """
                {"name": "halving", "dataset": "synthetic", "hardwareTarget": "host-cpu",
                 "constraints": {"maxModelBytes": 5000000}, "budget": {"maxCandidates": 4, "maxWallClockMinutes": 10},
                 "fidelity": {"epochs": 3, "schedule": "successive-halving", "firstEpochs": 1, "keep": 0.5},
                 "finalTraining": {"candidates": 0}, "seed": 1}\
                """,
                JobSpec.class)
            .withDefaults();
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection()) {
      c.createStatement()
          .executeUpdate(
              "INSERT INTO team (id, name) VALUES ('" + team + "', 'halving-" + team + "')");
      c.createStatement()
          .executeUpdate(
              "INSERT INTO search_job (id, team_id, name, status, spec, hardware_target, dataset,"
                  + " strategy, max_candidates, created_at) VALUES ('"
                  + job
                  + "', '"
                  + team
                  + "', 'halving', '"
                  + JobStatus.QUEUED
                  + "', '"
                  + Json.write(spec).replace("'", "''")
                  + "', 'host-cpu', 'synthetic', 'genetic', 4, now() - interval '1 minute')");
    }
    return job;
  }
}
