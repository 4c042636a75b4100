package dev.sculptor.api.job;

import static dev.sculptor.api.ApiClientAccess.as;
import static dev.sculptor.api.ApiClientAccess.newTeam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.core.messaging.JobMessage;
import dev.sculptor.core.messaging.JobSubmitted;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Submitting through the real api into a real PostgreSQL and a real Kafka broker. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class JobSubmissionTest {

  @Test
  void submitStoresTheJobAndPublishesTheContractOnce() throws Exception {
    String key = newTeam("submitters");
    String id =
        as(key)
            .contentType(ContentType.JSON)
            .body(ApiClientAccess.VALID_JOB)
            .when()
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .header("Location", org.hamcrest.Matchers.containsString("/api/v1/jobs/"))
            .body("status", equalTo("QUEUED"))
            .body("spec.constraints.maxModelBytes", equalTo(10_000_000))
            .body("spec.constraints.maxLatencyMs", equalTo(50.0f))
            .body("spec.strategy", equalTo("genetic"))
            .body("progress.budget", equalTo(12))
            .extract()
            .path("id");

    assertThat(rows("SELECT status FROM search_job WHERE id = '" + id + "'"))
        .containsExactly("QUEUED");
    List<JobSubmitted> published = consume(UUID.fromString(id), Duration.ofSeconds(20), 1);
    assertThat(published).hasSize(1);
    JobSubmitted message = published.getFirst();
    assertThat(message.spec().hardwareTarget()).isEqualTo("arm-cortex-a72");
    assertThat(message.spec().constraints().maxModelBytes()).isEqualTo(10_000_000L);
    assertThat(message.spec().dataset()).isEqualTo("mnist-10k");
    assertThat(message.spec().searchSpace()).isEqualTo("mobile-cnn");
    assertThat(
            rows(
                "SELECT count(*) FROM outbox WHERE message_key = '"
                    + id
                    + "' AND published_at IS NOT NULL"))
        .containsExactly("1");
  }

  @Test
  void budgetAndFidelityNumbersLeftOutTakeTheServersDefaults() {
    String key = newTeam("defaulters");
    as(key)
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "defaults", "dataset": "synthetic", "hardwareTarget": "host-cpu",
             "budget": {"maxCandidates": 4}, "fidelity": {"trainSubset": 200}}\
            """)
        .when()
        .post("/api/v1/jobs")
        .then()
        .statusCode(202)
        .body("spec.budget.maxCandidates", equalTo(4))
        .body(
            "spec.budget.maxWallClockMinutes",
            equalTo(dev.sculptor.core.job.Budget.DEFAULT_WALL_CLOCK_MINUTES))
        .body("spec.fidelity.epochs", equalTo(dev.sculptor.core.job.Fidelity.DEFAULT_EPOCHS))
        .body(
            "spec.fidelity.fineTuneEpochs",
            equalTo(dev.sculptor.core.job.Fidelity.DEFAULT_FINE_TUNE_EPOCHS))
        .body("spec.fidelity.trainSubset", equalTo(200));
  }

  @Test
  void compressionTechniquesAreKeptAsNamedAndNoneIsTheDefault() {
    String key = newTeam("compressors");
    as(key)
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "compressed", "dataset": "synthetic", "hardwareTarget": "host-cpu",
             "budget": {"maxCandidates": 4},
             "compressionTechniques": ["SPARSITY", "MIXED_PRECISION"]}\
            """)
        .when()
        .post("/api/v1/jobs")
        .then()
        .statusCode(202)
        .body("spec.compressionTechniques", contains("SPARSITY", "MIXED_PRECISION"));
    as(key)
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "plain", "dataset": "synthetic", "hardwareTarget": "host-cpu",
             "budget": {"maxCandidates": 4}}\
            """)
        .when()
        .post("/api/v1/jobs")
        .then()
        .statusCode(202)
        .body("spec.compressionTechniques", empty());
  }

  @Test
  void aRetriedSubmitWithTheSameIdempotencyKeyReturnsTheSameJob() throws Exception {
    String key = newTeam("retriers");
    String first =
        as(key)
            .header("Idempotency-Key", "abc-1")
            .contentType(ContentType.JSON)
            .body(ApiClientAccess.VALID_JOB)
            .when()
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    String second =
        as(key)
            .header("Idempotency-Key", "abc-1")
            .contentType(ContentType.JSON)
            .body(ApiClientAccess.VALID_JOB)
            .when()
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    assertThat(second).isEqualTo(first);
    assertThat(rows("SELECT count(*) FROM search_job WHERE idempotency_key = 'abc-1'"))
        .containsExactly("1");
    as(key)
        .header("Idempotency-Key", "abc-1")
        .contentType(ContentType.JSON)
        .body(ApiClientAccess.VALID_JOB.replace("\"seed\": 3", "\"seed\": 4"))
        .when()
        .post("/api/v1/jobs")
        .then()
        .statusCode(409)
        .body("errors[0].field", equalTo("Idempotency-Key"));
  }

  @Test
  void jobsQueuedWhileKafkaIsDownArePublishedOnceItIsBack() throws Exception {
    String key = newTeam("outage");
    LocalStackTestResource.stopKafka();
    String id;
    try {
      id =
          as(key)
              .contentType(ContentType.JSON)
              .body(ApiClientAccess.VALID_JOB)
              .when()
              .post("/api/v1/jobs")
              .then()
              .statusCode(202)
              .extract()
              .path("id");
      // the relay keeps trying; nothing is lost and nothing is marked sent
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  rows("SELECT count(*) FROM outbox WHERE message_key = '"
                          + id
                          + "' AND published_at IS NULL")
                      .equals(List.of("1")));
      as(key)
          .when()
          .get("/api/v1/jobs/" + id)
          .then()
          .statusCode(200)
          .body("status", equalTo("QUEUED"));
    } finally {
      LocalStackTestResource.startKafka();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                rows("SELECT count(*) FROM outbox WHERE message_key = '"
                        + id
                        + "' AND published_at IS NOT NULL")
                    .equals(List.of("1")));
    assertThat(consume(UUID.fromString(id), Duration.ofSeconds(10), 2)).hasSize(1);
  }

  @Test
  void aMessageTheBrokerKeepsRefusingIsParkedWithItsReasonAndDoesNotHoldBackTheJobsBehindIt()
      throws Exception {
    // larger than the producer's max.request.size: a refusal no retry can cure
    String stuck =
        rows("INSERT INTO outbox (topic, message_key, payload) VALUES ('"
                + Topics.JOBS
                + "', 'too-large',"
                + " jsonb_build_object('blob', repeat('x', 1200000))) RETURNING id")
            .getFirst();
    String key = newTeam("behind-a-stuck-row");
    String id =
        as(key)
            .contentType(ContentType.JSON)
            .body(ApiClientAccess.VALID_JOB)
            .when()
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                rows("SELECT count(*) FROM outbox WHERE message_key = '"
                        + id
                        + "' AND published_at IS NOT NULL")
                    .equals(List.of("1")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                rows("SELECT count(*) FROM outbox WHERE id = "
                        + stuck
                        + " AND parked_at IS NOT NULL")
                    .equals(List.of("1")));
    assertThat(rows("SELECT attempts FROM outbox WHERE id = " + stuck)).containsExactly("5");
    assertThat(rows("SELECT last_error FROM outbox WHERE id = " + stuck).getFirst())
        .contains("RecordTooLarge");
    assertThat(
            rows(
                "SELECT count(*) FROM outbox WHERE id = "
                    + stuck
                    + " AND published_at IS NOT NULL"))
        .containsExactly("0");
  }

  @Test
  void
      aJobOnATargetWithNoEvaluatorAndNoLatencyModelIsRefusedNamingItsTargetUnlessItWaitsForItsDevice()
          throws Exception {
    String key = newTeam("gpu-users");
    String gpu =
        ApiClientAccess.VALID_JOB
            .replace("arm-cortex-a72", "nvidia-gpu")
            .replace("on ARM", "on a GPU " + UUID.randomUUID());

    as(key)
        .contentType(ContentType.JSON)
        .body(gpu)
        .when()
        .post("/api/v1/jobs")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", endsWith("no-device-for-target"))
        .body("errors[0].field", equalTo("hardwareTarget"))
        .body(
            "errors[0].reason",
            org.hamcrest.Matchers.startsWith(
                "no evaluator attached and no latency model for nvidia-gpu"));
    assertThat(
            rows(
                "SELECT count(*) FROM search_job WHERE name LIKE 'digits under 10MB / 50ms on a"
                    + " GPU%'"))
        .containsExactly("0");

    String id =
        as(key)
            .contentType(ContentType.JSON)
            .body(gpu.replace("\"seed\": 3", "\"seed\": 3, \"latencyPolicy\": \"wait-for-device\""))
            .when()
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .body("status", equalTo("QUEUED"))
            .body("spec.latencyPolicy", equalTo("wait-for-device"))
            .body("latencySource", org.hamcrest.Matchers.nullValue())
            .extract()
            .path("id");
    // no search-worker here: it stays QUEUED, and nothing has decided its latency source
    assertThat(
            rows(
                "SELECT status || ' ' || coalesce(latency_source, '-') FROM search_job WHERE id = '"
                    + id
                    + "'"))
        .containsExactly("QUEUED -");
    as(key)
        .when()
        .get("/api/v1/hardware")
        .then()
        .statusCode(200)
        .body("find { it.id == 'nvidia-gpu' }.state", equalTo("unavailable"))
        .body("find { it.id == 'nvidia-gpu' }.latencyModel", org.hamcrest.Matchers.nullValue())
        .body(
            "find { it.id == 'nvidia-gpu' }.deviceNote",
            org.hamcrest.Matchers.containsString("not yet been run on a GPU"))
        .body("find { it.id == 'arm-cortex-a72' }.deviceNote", org.hamcrest.Matchers.nullValue())
        .body("find { it.id == 'host-cpu' }.deviceNote", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void anEvaluatorsHeartbeatNamesItsHardwareInTheHardwareListAndMakesItsTargetMeasured()
      throws Exception {
    String key = newTeam("hardware-readers");
    String id = "pi-" + UUID.randomUUID();
    var beat =
        new dev.sculptor.core.messaging.EvaluatorHeartbeat(
            id,
            "arm-cortex-a72",
            "raspberrypi",
            4,
            "none (time-only: trains on host-cpu)",
            java.time.Instant.now(),
            "Cortex-A72 (ARMv8-A, BCM2711)",
            "aarch64",
            4,
            "onnxruntime 1.29.0",
            "0.1.0-SNAPSHOT",
            "host-cpu");
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
            Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackTestResource.kafka().bootstrapServers()),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.StringSerializer())) {
      // the api's heartbeat consumer starts at the latest offset: send until it has read one
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                producer
                    .send(
                        new org.apache.kafka.clients.producer.ProducerRecord<>(
                            Topics.EVALUATORS,
                            id,
                            Json.write(
                                new dev.sculptor.core.messaging.EvaluatorHeartbeat(
                                    beat.evaluatorId(),
                                    beat.hardwareTarget(),
                                    beat.host(),
                                    beat.cores(),
                                    beat.engine(),
                                    java.time.Instant.now(),
                                    beat.cpuModel(),
                                    beat.architecture(),
                                    beat.threads(),
                                    beat.runtime(),
                                    beat.version(),
                                    beat.trainsOn()))))
                    .get();
                return !rows("SELECT id FROM evaluator WHERE id = '" + id + "'").isEmpty();
              });
    }

    as(key)
        .when()
        .get("/api/v1/hardware")
        .then()
        .statusCode(200)
        .body("find { it.id == 'arm-cortex-a72' }.state", equalTo("measured"))
        .body(
            "find { it.id == 'arm-cortex-a72' }.evaluators.find { it.id == '" + id + "' }.cpuModel",
            equalTo("Cortex-A72 (ARMv8-A, BCM2711)"))
        .body(
            "find { it.id == 'arm-cortex-a72' }.evaluators.find { it.id == '"
                + id
                + "' }.architecture",
            equalTo("aarch64"))
        .body(
            "find { it.id == 'arm-cortex-a72' }.evaluators.find { it.id == '" + id + "' }.threads",
            equalTo(4))
        .body(
            "find { it.id == 'arm-cortex-a72' }.evaluators.find { it.id == '" + id + "' }.runtime",
            equalTo("onnxruntime 1.29.0"))
        .body(
            "find { it.id == 'arm-cortex-a72' }.evaluators.find { it.id == '" + id + "' }.version",
            equalTo("0.1.0-SNAPSHOT"))
        .body(
            "find { it.id == 'arm-cortex-a72' }.evaluators.find { it.id == '" + id + "' }.trainsOn",
            equalTo("host-cpu"))
        .body(
            "find { it.id == 'host-cpu' }.evaluators.findAll { it.trainsOn != null }",
            org.hamcrest.Matchers.empty());

    // A job paused for its device says what it waits for: here the Pi is up, but no evaluator
    // that trains is live on host-cpu (any other test's host-cpu heartbeats made old first).
    update(
        "UPDATE evaluator SET last_seen_at = now() - interval '1 hour'"
            + " WHERE hardware_target = 'host-cpu'");
    String job =
        as(key)
            .contentType(ContentType.JSON)
            .body(ApiClientAccess.VALID_JOB)
            .when()
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .body("waitingFor", org.hamcrest.Matchers.nullValue())
            .extract()
            .path("id");
    update("UPDATE search_job SET status = 'WAITING_FOR_DEVICE' WHERE id = '" + job + "'");
    as(key)
        .when()
        .get("/api/v1/jobs/" + job)
        .then()
        .statusCode(200)
        .body("status", equalTo("WAITING_FOR_DEVICE"))
        .body(
            "waitingFor",
            equalTo(
                "the live arm-cortex-a72 evaluators only time (their candidates train on host-cpu),"
                    + " and no evaluator that trains is live on host-cpu"));
  }

  static void update(String sql) throws Exception {
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection()) {
      c.createStatement().executeUpdate(sql);
    }
  }

  static List<String> rows(String sql) throws Exception {
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    }
  }

  /**
   * Every JobSubmitted for this job on the jobs topic, read for {@code window} (or until {@code
   * enough}).
   */
  static List<JobSubmitted> consume(UUID jobId, Duration window, int enough) {
    List<JobSubmitted> found = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackTestResource.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.JOBS));
      long end = System.nanoTime() + window.toNanos();
      while (System.nanoTime() < end && found.size() < enough) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (r.key().equals(jobId.toString())
                      && Json.read(r.value(), JobMessage.class) instanceof JobSubmitted s)
                    found.add(s);
                });
      }
    }
    return found;
  }
}
