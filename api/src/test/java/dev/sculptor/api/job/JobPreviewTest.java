package dev.sculptor.api.job;

import static dev.sculptor.api.ApiClientAccess.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.job.BudgetEstimate;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/jobs/preview against the real api and PostgreSQL: core's numbers, submit's refusals,
 * nothing stored.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class JobPreviewTest {
  private static final String PREVIEW = "/api/v1/jobs/preview";

  @Inject EntityManager em;

  @Test
  void aGoodSpecIsAnsweredWithCoresBudgetRulesAndTheSpecAsReadAndNothingIsStored() {
    String key = ApiClientAccess.newTeam("previewers-" + System.nanoTime());
    String name = "preview " + UUID.randomUUID();
    String body = ApiClientAccess.VALID_JOB.replace("digits under 10MB / 50ms on ARM", name);

    String text =
        as(key)
            .contentType(ContentType.JSON)
            .body(body)
            .post(PREVIEW)
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .body("spec.name", equalTo(name))
            .body("spec.constraints.maxModelBytes", equalTo(10_000_000))
            .body("spec.constraints.maxLatencyMs", equalTo(50.0f))
            .body("spec.strategy", equalTo("genetic"))
            .body("spec.fidelity.epochs", equalTo(2))
            .body("latency.hardwareTarget", equalTo("arm-cortex-a72"))
            .body("candidateEpochsQuota", equalTo(2000))
            .extract()
            .asString();
    JsonPath answer = JsonPath.from(text);

    List<String> evaluators = answer.getList("latency.evaluators");
    assertThat(answer.getString("latency.plan"))
        .isEqualTo(evaluators.isEmpty() ? "PREDICTED" : "MEASURED");
    assertThat(answer.getDouble("latency.predictionErrorPercent")).isPositive();
    BudgetEstimate expected =
        BudgetEstimate.of(
            Json.read(body, JobSpec.class).withDefaults(),
            DatasetCatalog.builtIn("mnist-10k").orElseThrow().trainExamples(),
            evaluators.size());
    assertThat(estimate(text)).isEqualTo(expected);
    assertThat(expected.candidates()).isEqualTo(12);
    assertThat(expected.candidateEpochs()).isEqualTo(12 * 3);
    assertThat(answer.getList("warnings")).isEmpty();

    assertThat(jobsNamed(name)).isZero();
    as(key).get("/api/v1/jobs").then().statusCode(200).body("items.size()", equalTo(0));
  }

  @Test
  void aBadFieldIsA422NamingItAsForASubmitAndNothingIsStored() {
    String key = ApiClientAccess.newTeam("bad-previews-" + System.nanoTime());
    String name = "bad preview " + UUID.randomUUID();
    String zero =
        ApiClientAccess.VALID_JOB
            .replace("digits under 10MB / 50ms on ARM", name)
            .replace("\"maxCandidates\": 12", "\"maxCandidates\": 0");
    String parsecs =
        ApiClientAccess.VALID_JOB
            .replace("digits under 10MB / 50ms on ARM", name)
            .replace("\"10MB\"", "\"10 parsecs\"");

    as(key)
        .contentType(ContentType.JSON)
        .body(zero)
        .post(PREVIEW)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", endsWith("invalid-job-spec"))
        .body("errors.field", hasItem("budget.maxCandidates"));
    as(key)
        .contentType(ContentType.JSON)
        .body(parsecs)
        .post(PREVIEW)
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(422)))
        .contentType("application/problem+json")
        .body("errors.field", hasItem("constraints.maxModelBytes"));
    // what submit refuses for the job as a whole, the preview refuses the same way
    String gpu =
        ApiClientAccess.VALID_JOB
            .replace("digits under 10MB / 50ms on ARM", name)
            .replace("arm-cortex-a72", "nvidia-gpu");
    as(key)
        .contentType(ContentType.JSON)
        .body(gpu)
        .post(PREVIEW)
        .then()
        .statusCode(422)
        .body("type", endsWith("no-device-for-target"))
        .body("errors[0].field", equalTo("hardwareTarget"));
    String huge =
        ApiClientAccess.VALID_JOB
            .replace("digits under 10MB / 50ms on ARM", name)
            .replace("\"maxCandidates\": 12", "\"maxCandidates\": 400")
            .replace(
                "\"seed\": 3", "\"seed\": 3, \"fidelity\": {\"epochs\": 5, \"fineTuneEpochs\": 1}");
    as(key)
        .contentType(ContentType.JSON)
        .body(huge)
        .post(PREVIEW)
        .then()
        .statusCode(422)
        .body("type", endsWith("job-over-quota"))
        .body("errors[0].field", equalTo("budget.maxCandidates"));

    assertThat(jobsNamed(name)).isZero();
  }

  @Test
  void aWallClockThatEndsTheSearchFirstIsAWarningOnItsField() {
    String key = ApiClientAccess.newTeam("hurried-" + System.nanoTime());
    String spec =
        """
        {"dataset": "mnist-10k", "hardwareTarget": "arm-cortex-a72", "budget": {"maxCandidates": 150, "maxWallClockMinutes": 1},
         "fidelity": {"epochs": 10, "fineTuneEpochs": 1}}\
        """;

    JsonPath answer =
        as(key)
            .contentType(ContentType.JSON)
            .body(spec)
            .post(PREVIEW)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(answer.getBoolean("estimate.limitedByWallClock")).isTrue();
    assertThat(answer.getInt("estimate.candidates")).isLessThan(150);
    assertThat(answer.getString("warnings[0].code")).isEqualTo("wall-clock-ends-search");
    assertThat(answer.getString("warnings[0].field")).isEqualTo("budget.maxWallClockMinutes");
    assertThat(answer.getString("warnings[0].message")).contains("of 150 candidates");
  }

  @Test
  void aFinalPhaseThatWouldNotFineTuneAfterPruningIsAWarningOnItsField() {
    String key = ApiClientAccess.newTeam("untuned-" + System.nanoTime());
    String untuned =
        """
        {"dataset": "mnist-10k", "finalTraining": {"candidates": 1, "epochs": 2, "fineTuneEpochs": 0}}\
        """;
    JsonPath answer =
        as(key)
            .contentType(ContentType.JSON)
            .body(untuned)
            .post(PREVIEW)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(answer.getList("warnings.code")).contains("final-models-not-fine-tuned");
    assertThat(answer.getString("warnings.find { it.code == 'final-models-not-fine-tuned' }.field"))
        .isEqualTo("finalTraining.fineTuneEpochs");
    assertThat(
            answer.getString("warnings.find { it.code == 'final-models-not-fine-tuned' }.message"))
        .contains("pruned", "never trained again");

    // fine-tuned (by default as long as the training), or no final phase at all: nothing to warn
    for (String fine :
        List.of(
            untuned.replace(", \"fineTuneEpochs\": 0", ""),
            untuned.replace("\"fineTuneEpochs\": 0", "\"fineTuneEpochs\": 1"),
            untuned.replace("\"candidates\": 1", "\"candidates\": 0"))) {
      JsonPath other =
          as(key)
              .contentType(ContentType.JSON)
              .body(fine)
              .post(PREVIEW)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(other.getList("warnings.code"))
          .as(fine)
          .doesNotContain("final-models-not-fine-tuned");
    }
  }

  @Test
  void waitingForAGpuThatNoEvaluatorHasYetRunOnIsAWarningOnTheLatencyPolicy() {
    String key = ApiClientAccess.newTeam("patient-" + System.nanoTime());
    String waiting =
        """
        {"dataset": "mnist-10k", "hardwareTarget": "nvidia-gpu", "latencyPolicy": "wait-for-device"}\
        """;
    JsonPath answer =
        as(key)
            .contentType(ContentType.JSON)
            .body(waiting)
            .post(PREVIEW)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(answer.getString("latency.plan")).isEqualTo("WAIT");
    assertThat(answer.getList("warnings.code")).contains("device-may-not-come");
    assertThat(answer.getString("warnings.find { it.code == 'device-may-not-come' }.field"))
        .isEqualTo("latencyPolicy");
    assertThat(answer.getString("warnings.find { it.code == 'device-may-not-come' }.message"))
        .contains("nvidia-gpu", "-Pgpu", "not yet been run on a GPU")
        .doesNotContain("predicted");

    // a Raspberry Pi 4 can attach (time-only): waiting for one is not warned about
    JsonPath arm =
        as(key)
            .contentType(ContentType.JSON)
            .body(waiting.replace("nvidia-gpu", "arm-cortex-a72"))
            .post(PREVIEW)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(arm.getList("warnings.code")).doesNotContain("device-may-not-come");
  }

  @Test
  void aDeviceThatOnlyTimesWithNothingLiveToTrainForItIsAWarningOnTheTarget() {
    String key = ApiClientAccess.newTeam("pi-owners-" + System.nanoTime());
    String pi = "pi-" + UUID.randomUUID();
    // a Raspberry Pi 4's heartbeat as the api stores it; every host-cpu evaluator long silent
    sql(
        "UPDATE evaluator SET last_seen_at = now() - interval '1 hour'"
            + " WHERE hardware_target = 'host-cpu'");
    sql(
        "INSERT INTO evaluator (id, hardware_target, host, cores, engine, last_seen_at, trains_on)"
            + " VALUES ('"
            + pi
            + "', 'arm-cortex-a72', 'raspberrypi', 4, 'none (time-only: trains on host-cpu)',"
            + " now(), 'host-cpu')");
    try {
      JsonPath answer =
          as(key)
              .contentType(ContentType.JSON)
              .body("{\"dataset\": \"mnist-10k\", \"hardwareTarget\": \"arm-cortex-a72\"}")
              .post(PREVIEW)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(answer.getString("latency.plan")).isEqualTo("MEASURED");
      assertThat(
              answer.getString("warnings.find { it.code == 'device-cannot-evaluate-yet' }.field"))
          .isEqualTo("hardwareTarget");
      assertThat(
              answer.getString("warnings.find { it.code == 'device-cannot-evaluate-yet' }.message"))
          .isEqualTo(
              "the live arm-cortex-a72 evaluators only time (their candidates train on host-cpu),"
                  + " and no evaluator that trains is live on host-cpu: the job would start and"
                  + " wait as WAITING_FOR_DEVICE until one is");
    } finally {
      sql("DELETE FROM evaluator WHERE id = '" + pi + "'");
    }
  }

  @Test
  void anUploadedDatasetIsEstimatedWithItsOwnTrainSplitAndIsUnknownToAnotherTeam()
      throws IOException {
    String key = ApiClientAccess.newTeam("uploaders-" + System.nanoTime());
    String other = ApiClientAccess.newTeam("strangers-" + System.nanoTime());
    String dataset = ApiClientAccess.uploadIdx(key, 3, 10, 16);
    String spec = ApiClientAccess.VALID_JOB.replace("mnist-10k", dataset);

    String text =
        as(key)
            .contentType(ContentType.JSON)
            .body(spec)
            .post(PREVIEW)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    JsonPath answer = JsonPath.from(text);
    int trainExamples =
        as(key)
            .get("/api/v1/datasets/" + dataset)
            .then()
            .statusCode(200)
            .extract()
            .path("trainExamples");
    assertThat(answer.getInt("estimate.trainExamples")).isEqualTo(trainExamples);
    assertThat(estimate(text))
        .isEqualTo(
            BudgetEstimate.of(
                Json.read(spec, JobSpec.class).withDefaults(),
                trainExamples,
                answer.getList("latency.evaluators").size()));

    as(other)
        .contentType(ContentType.JSON)
        .body(spec)
        .post(PREVIEW)
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("dataset"));
  }

  @Test
  void aPreviewNeedsAKey() {
    RestAssured.given()
        .contentType(ContentType.JSON)
        .body(ApiClientAccess.VALID_JOB)
        .post(PREVIEW)
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  private static BudgetEstimate estimate(String preview) {
    try {
      return Json.read(
          Json.mapper().readTree(preview).get("estimate").toString(), BudgetEstimate.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long jobsNamed(String name) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        em.createNativeQuery("SELECT count(*) FROM search_job WHERE name = ?1")
                            .setParameter(1, name)
                            .getSingleResult())
                    .longValue());
  }

  private void sql(String statement) {
    QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
  }
}
