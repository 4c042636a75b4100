package dev.sculptor.api.candidate;

import static dev.sculptor.api.ApiClientAccess.as;
import static dev.sculptor.api.ApiClientAccess.newJob;
import static dev.sculptor.api.ApiClientAccess.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.messaging.FidelityRun;
import dev.sculptor.core.messaging.JobMessage;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.SensitivityRequested;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.metrics.SensitivityStatus;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.candidate.CandidateSensitivity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * POST .../candidates/{cid}/sensitivity: 202 with the analysis's status and its request in the
 * outbox (published to the jobs topic); idempotent while requested or done, queued again once
 * failed; 404 for what the team cannot see, 409 naming why a candidate cannot be analysed. The
 * candidate view shows the status and, once done, the analysis.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class SensitivityRequestTest {
  private static final Sensitivity ANALYSIS =
      new Sensitivity(
          0.9,
          List.of(0.25, 0.5, 0.75),
          List.of(new Sensitivity.Layer(0, "stem", "conv", 16, List.of(0.88, 0.8, 0.5), 0.9)),
          500,
          "validation",
          "test",
          700);

  @Inject EntityManager em;

  @Test
  void anEvaluatedCandidateIsAnalysedOnRequestOnceHoweverOftenItIsAsked() throws Exception {
    String key = ApiClientAccess.newTeam("sensitivity-" + System.nanoTime());
    UUID job = newJob(key);
    UUID candidate = candidate(job, CandidateStatus.SUCCEEDED, checkpoint(true));
    String path = "/api/v1/jobs/" + job + "/candidates/" + candidate;
    as(key)
        .get(path)
        .then()
        .statusCode(200)
        .body("sensitivity", nullValue())
        .body("sensitivityAnalysis", nullValue());

    as(key)
        .post(path + "/sensitivity")
        .then()
        .statusCode(202)
        .header("Location", endsWith(path))
        .body("status", equalTo("REQUESTED"))
        .body("requestedAt", org.hamcrest.Matchers.notNullValue())
        .body("failureReason", nullValue());
    // asked again while requested: the same analysis, nothing queued
    as(key).post(path + "/sensitivity").then().statusCode(202).body("status", equalTo("REQUESTED"));

    List<SensitivityRequested> queued = queued(job);
    assertThat(queued).hasSize(1);
    assertThat(queued.getFirst().candidateId()).isEqualTo(candidate);
    UUID requestId = row(candidate).requestId;
    assertThat(queued.getFirst().analysisId()).isEqualTo(requestId);
    // the relay puts it on the jobs topic, where the workers hear it
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                rows("SELECT count(*) FROM outbox WHERE message_key = '"
                        + job
                        + "' AND payload->>'type' = 'SensitivityRequested' AND published_at IS"
                        + " NOT NULL")
                    .equals(List.of("1")));
    as(key)
        .get(path)
        .then()
        .statusCode(200)
        .body("sensitivityAnalysis.status", equalTo("REQUESTED"))
        .body("sensitivity", nullValue());

    // the worker stored the answer
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              CandidateSensitivity row = em.find(CandidateSensitivity.class, candidate);
              row.status = SensitivityStatus.DONE;
              row.sensitivity = Json.write(ANALYSIS);
              row.finishedAt = Instant.now();
            });
    as(key).post(path + "/sensitivity").then().statusCode(202).body("status", equalTo("DONE"));
    assertThat(queued(job)).hasSize(1);
    as(key)
        .get(path)
        .then()
        .statusCode(200)
        .body("sensitivityAnalysis.status", equalTo("DONE"))
        .body("sensitivity.baselineAccuracy", equalTo(0.9f))
        .body("sensitivity.layers[0].name", equalTo("stem"))
        .body("sensitivity.layers[0].prunedAccuracy[2]", equalTo(0.5f));
    as(key)
        .get("/api/v1/jobs/" + job + "/candidates")
        .then()
        .statusCode(200)
        .body("[0].sensitivityAnalysis.status", equalTo("DONE"))
        .body("[0].sensitivity.sampleSize", equalTo(500));
  }

  @Test
  void aFailedAnalysisIsQueuedAgainUnderANewRequest() throws Exception {
    String key = ApiClientAccess.newTeam("sensitivity-" + System.nanoTime());
    UUID job = newJob(key);
    UUID candidate = candidate(job, CandidateStatus.SUCCEEDED, checkpoint(true));
    String path = "/api/v1/jobs/" + job + "/candidates/" + candidate;
    as(key).post(path + "/sensitivity").then().statusCode(202);
    UUID first = row(candidate).requestId;
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              CandidateSensitivity row = em.find(CandidateSensitivity.class, candidate);
              row.status = SensitivityStatus.FAILED;
              row.failureReason = "nothing to analyse: the checkpoint is not on this evaluator";
              row.finishedAt = Instant.now();
            });
    as(key)
        .get(path)
        .then()
        .body("sensitivityAnalysis.status", equalTo("FAILED"))
        .body("sensitivityAnalysis.failureReason", containsString("not on this evaluator"));

    as(key)
        .post(path + "/sensitivity")
        .then()
        .statusCode(202)
        .body("status", equalTo("REQUESTED"))
        .body("failureReason", nullValue())
        .body("finishedAt", nullValue());

    UUID second = row(candidate).requestId;
    assertThat(second).isNotEqualTo(first);
    assertThat(queued(job))
        .extracting(SensitivityRequested::analysisId)
        .containsExactly(first, second);
  }

  @Test
  void whatCannotBeAnalysedIsA409NamingWhyAndWhatTheTeamCannotSeeA404() throws Exception {
    String key = ApiClientAccess.newTeam("sensitivity-" + System.nanoTime());
    UUID job = newJob(key);
    String candidates = "/api/v1/jobs/" + job + "/candidates/";
    UUID pending = candidate(job, CandidateStatus.PENDING, null);
    UUID failed = candidate(job, CandidateStatus.FAILED, null);
    UUID infeasible = candidate(job, CandidateStatus.INFEASIBLE, null);
    UUID noCheckpoint = candidate(job, CandidateStatus.SUCCEEDED, null);
    UUID notKept = candidate(job, CandidateStatus.SUCCEEDED, checkpoint(false));

    refused(key, candidates + pending, "candidate-not-evaluated", "still being evaluated");
    refused(key, candidates + failed, "candidate-not-evaluated", "evaluation failed");
    refused(key, candidates + infeasible, "candidate-not-evaluated", "never evaluated");
    refused(key, candidates + noCheckpoint, "no-training-checkpoint", "before checkpoints");
    refused(key, candidates + notKept, "no-training-checkpoint", "could not store one");
    assertThat(queued(job)).isEmpty();

    UUID evaluated = candidate(job, CandidateStatus.SUCCEEDED, checkpoint(true));
    missing(key, candidates + UUID.randomUUID());
    missing(key, candidates + "not-a-uuid");
    missing(key, "/api/v1/jobs/" + UUID.randomUUID() + "/candidates/" + evaluated);
    // another team's candidate is not there for this team
    String stranger = ApiClientAccess.newTeam("stranger-" + System.nanoTime());
    missing(stranger, candidates + evaluated);
    io.restassured.RestAssured.given()
        .post(candidates + evaluated + "/sensitivity")
        .then()
        .statusCode(401);
    assertThat(queued(job)).isEmpty();
  }

  @Test
  void theEndpointIsDocumentedWithItsAnswers() {
    var doc = ApiClientAccess.openApi();
    String op = "paths.'/api/v1/jobs/{id}/candidates/{cid}/sensitivity'.post";
    assertThat(doc.getString(op + ".summary")).contains("sensitivity");
    assertThat(doc.getMap(op + ".responses")).containsKeys("202", "404", "409");
    assertThat(doc.getString("components.schemas.Candidate.properties.sensitivity.description"))
        .contains("POST");
    assertThat(doc.getList("components.schemas.SensitivityStatus.enum"))
        .as(String.valueOf(doc.getMap("components.schemas.SensitivityAnalysis")))
        .containsExactly("REQUESTED", "DONE", "FAILED");
    assertThat(
            doc.getString("components.schemas.SensitivityAnalysis.properties.status.description"))
        .contains("FAILED");
  }

  private static void refused(String key, String candidate, String type, String why) {
    as(key)
        .post(candidate + "/sensitivity")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("https://sculptor.dev/problems/" + type))
        .body("title", containsString(why));
  }

  private static void missing(String key, String candidate) {
    as(key)
        .post(candidate + "/sensitivity")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private static String checkpoint(boolean kept) {
    return Json.write(new FidelityRun(3, 3, null, null, null, kept));
  }

  private UUID candidate(UUID job, CandidateStatus status, String fidelityRun) {
    return CandidateRows.store(em, job, status, c -> c.fidelityRun = fidelityRun);
  }

  private CandidateSensitivity row(UUID candidate) {
    return QuarkusTransaction.requiringNew()
        .call(() -> em.find(CandidateSensitivity.class, candidate));
  }

  /** The analyses the api queued for the job, oldest first. */
  private static List<SensitivityRequested> queued(UUID job) throws Exception {
    return rows("SELECT payload FROM outbox WHERE message_key = '" + job + "' ORDER BY id").stream()
        .map(p -> Json.read(p, JobMessage.class))
        .filter(SensitivityRequested.class::isInstance)
        .map(SensitivityRequested.class::cast)
        .toList();
  }
}
