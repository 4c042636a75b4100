package dev.sculptor.api.job;

import static dev.sculptor.api.ApiClientAccess.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.JobProgress;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class TeamIsolationAndEventsTest {
  @TestHTTPResource("/")
  URL base;

  @Test
  void aTeamNeverSeesAnotherTeamsJobs() {
    String a = ApiClientAccess.newTeam("team-a-" + System.nanoTime());
    String b = ApiClientAccess.newTeam("team-b-" + System.nanoTime());
    String aJob =
        as(a)
            .contentType("application/json")
            .body(ApiClientAccess.VALID_JOB)
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    List<String> seenByB =
        as(b).get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("items.id");
    assertThat(seenByB).doesNotContain(aJob);
    assertThat(
            as(a)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<String>getList("items.id"))
        .contains(aJob);
    for (String path :
        List.of(
            "",
            "/candidates",
            "/candidates/" + UUID.randomUUID(),
            "/pareto",
            "/history",
            "/events")) {
      as(b).get("/api/v1/jobs/" + aJob + path).then().statusCode(404).body("status", equalTo(404));
    }
    as(b).post("/api/v1/jobs/" + aJob + "/cancel").then().statusCode(404);
    as(a).get("/api/v1/jobs/" + aJob).then().statusCode(200).body("status", equalTo("QUEUED"));
  }

  @Test
  void theOpenApiDocumentDescribesTheJobSpecFieldsWithExamples() {
    var doc =
        io.restassured.RestAssured.given()
            .accept("application/json")
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    for (String schema : List.of("JobSpec", "Constraints", "Budget", "Fidelity")) {
      Map<String, Map<String, Object>> properties =
          doc.getMap("components.schemas." + schema + ".properties");
      assertThat(properties).as(schema).isNotEmpty();
      properties.forEach(
          (field, property) -> {
            assertThat(property.get("description"))
                .as(schema + "." + field + " description")
                .isNotNull();
            assertThat(property.get("example")).as(schema + "." + field + " example").isNotNull();
          });
    }
  }

  @Test
  void serverSentEventsDeliverAStatusChangeWithinASecond() throws Exception {
    String key = ApiClientAccess.newTeam("watchers-" + System.nanoTime());
    UUID job =
        UUID.fromString(
            as(key)
                .contentType("application/json")
                .body(ApiClientAccess.VALID_JOB)
                .post("/api/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id"));
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "api/v1/jobs/" + job + "/events"))
            .header("Authorization", "Bearer " + key)
            .header("Accept", "text/event-stream")
            .build();
    var response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    Thread.ofVirtual()
        .start(
            () -> {
              try (var in = new BufferedReader(new InputStreamReader(response.body()))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
              } catch (Exception ignored) {
                // stream closed at the end of the test
              }
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lines.stream().anyMatch(l -> l.contains("\"QUEUED\"")));

    try (var producer =
        KafkaClients.of(LocalStackTestResource.kafka().bootstrapServers())
            .producers()
            .create(Delivery.QUICK)) {
      // Warm-up: the api's consumer starts at the latest offset once its partitions are assigned.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                producer.send(
                    new ProducerRecord<>(
                        Topics.EVENTS,
                        job.toString(),
                        Json.write(
                            event(job, JobEvent.Type.PROGRESS, JobStatus.QUEUED, "warm-up"))));
                return lines.stream().anyMatch(l -> l.contains("warm-up"));
              });
      producer
          .send(
              new ProducerRecord<>(
                  Topics.EVENTS,
                  job.toString(),
                  Json.write(event(job, JobEvent.Type.STATUS, JobStatus.RUNNING, "started"))))
          .get();
      await()
          .atMost(Duration.ofSeconds(1))
          .until(
              () ->
                  lines.stream().anyMatch(l -> l.contains("\"RUNNING\"") && l.contains("started")));
    }
  }

  static JobEvent event(UUID job, JobEvent.Type type, JobStatus status, String message) {
    return new JobEvent(
        job, type, status, new JobProgress(1, 2, 12, 0.9, 0.5, 60L), message, Instant.now());
  }
}
