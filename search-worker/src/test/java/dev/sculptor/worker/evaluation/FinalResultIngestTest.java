package dev.sculptor.worker.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.FidelityRun;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.candidate.FinalTraining;
import dev.sculptor.store.candidate.FinalTrainingRepository;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.team.Team;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A final training's result goes into its own row (V9); the candidate keeps its search-fidelity
 * metrics.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class FinalResultIngestTest {
  private static final Sensitivity SENSITIVITY =
      new Sensitivity(
          0.985,
          List.of(0.25, 0.5, 0.75),
          List.of(new Sensitivity.Layer(0, "stem", "conv", 16, List.of(0.98, 0.9, 0.6), 0.985)),
          500,
          "validation",
          "test",
          1200);

  /** A final training that diverged after its best epoch: its note must reach the row. */
  private static final FidelityRun DIVERGED =
      new FidelityRun(
          12,
          12,
          null,
          null,
          "train diverged in epoch 12 (loss NaN) and ended there with the weights of its best"
              + " epoch (validation accuracy 0.9880)",
          false);

  @Inject EntityManager em;
  @Inject CandidateRepository candidates;
  @Inject FinalTrainingRepository finals;
  @Inject ResultIngest ingest;

  @Test
  void aFinalResultIsStoredInTheFinalTrainingRowAndLeavesTheCandidatesSearchMetricsAlone() {
    UUID job = UUID.randomUUID();
    UUID candidate = UUID.randomUUID();
    UUID finalId = UUID.randomUUID();
    String searchMetrics = Json.write(metrics(0.90, 0.89));
    QuarkusTransaction.requiringNew().run(() -> store(job, candidate, finalId, searchMetrics));

    ingest.store(
        new EvaluationResult(
            job,
            finalId,
            1,
            EvaluationResult.Status.SUCCEEDED,
            metrics(0.985, 0.987),
            new EvaluationResult.ArtifactRef("file:///tmp/final/model.onnx", 4, "ab"),
            null,
            new EvaluationResult.Timings(1, 2, 3, 1, 6),
            List.of(new EvaluationResult.EpochStats("train", 1, 0.1, 0.97, 0.985)),
            null,
            Instant.now(),
            new EvaluationResult.ArtifactRef("file:///tmp/final/model.zip", 5, "cd"),
            DIVERGED,
            SENSITIVITY));
    // redelivered: ignored, the row is no longer PENDING
    ingest.store(
        new EvaluationResult(
            job,
            finalId,
            1,
            EvaluationResult.Status.FAILED,
            null,
            null,
            null,
            null,
            List.of(),
            new EvaluationResult.EvaluationError("late duplicate", false),
            Instant.now()));

    FinalTraining f = QuarkusTransaction.requiringNew().call(() -> finals.findById(finalId));
    assertThat(f.status).isEqualTo(CandidateStatus.SUCCEEDED);
    assertThat(f.accuracy).isEqualTo(0.985);
    assertThat(f.testAccuracy).isEqualTo(0.987);
    assertThat(f.feasible).isTrue();
    assertThat(f.artifactId).isNotNull();
    assertThat(f.djlArtifactId).isNotNull();
    assertThat(Json.read(f.metrics, Metrics.class).accuracy()).isEqualTo(0.985);
    assertThat(Json.read(f.sensitivity, Sensitivity.class)).isEqualTo(SENSITIVITY);
    assertThat(Json.read(f.fidelityRun, FidelityRun.class)).isEqualTo(DIVERGED);
    Candidate c = QuarkusTransaction.requiringNew().call(() -> candidates.findById(candidate));
    assertThat(c.accuracy).isEqualTo(0.90);
    assertThat(Json.read(c.metrics, Metrics.class))
        .isEqualTo(Json.read(searchMetrics, Metrics.class));
  }

  private static Metrics metrics(double accuracy, double test) {
    Latency latency =
        new Latency(1.0, 1.2, 0.05, 1, "fp32", MetricSource.measured("host-cpu", 10, "test"));
    return new Metrics(
        accuracy,
        "validation",
        MetricSource.measured("host-cpu", 1000, "test"),
        latency,
        40_000,
        10_000,
        100_000,
        1000,
        test);
  }

  private void store(UUID job, UUID candidate, UUID finalId, String searchMetrics) {
    Team team = new Team();
    team.id = UUID.randomUUID();
    team.name = "final-" + team.id;
    em.persist(team);
    JobSpec spec =
        new JobSpec(null, null, null, null, null, null, null, null, null, null).withDefaults();
    SearchJob j = new SearchJob();
    j.id = job;
    j.teamId = team.id;
    j.name = "final";
    j.status =
        JobStatus.SUCCEEDED; // finished, so no worker picks it up: only the result matters here
    j.spec = Json.write(spec);
    j.hardwareTarget = spec.hardwareTarget();
    j.dataset = spec.dataset();
    j.strategy = spec.strategy().id();
    j.maxCandidates = spec.budget().maxCandidates();
    em.persist(j);
    em.flush();
    Candidate c =
        Evaluations.pendingRow(job, null, candidate.toString().replace("-", ""), new int[0], 0);
    c.id = candidate;
    c.spec = "{}";
    c.status = CandidateStatus.SUCCEEDED;
    c.metrics = searchMetrics;
    c.accuracy = 0.90;
    c.feasible = true;
    c.onFront = true;
    em.persist(c);
    em.flush();
    FinalTraining f = new FinalTraining();
    f.id = finalId;
    f.jobId = job;
    f.candidateId = candidate;
    f.rank = 1;
    f.status = CandidateStatus.PENDING;
    f.attempts = 1;
    f.sentAt = Instant.now();
    em.persist(f);
  }
}
