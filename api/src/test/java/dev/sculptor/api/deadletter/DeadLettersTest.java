package dev.sculptor.api.deadletter;

import static dev.sculptor.api.ApiClientAccess.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.api.auth.KeyHash;
import dev.sculptor.api.events.JobStreams;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The api's consumers on a real broker and PostgreSQL: poison on each topic they read becomes a
 * dead-letter row and the next good message is handled; the evaluators' dead letters arrive through
 * their topic; an admin lists and replays them.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DeadLettersTest {
  @Inject JobStreams streams;
  @Inject EvaluatorRepository evaluators;

  Producer<String, String> producer;

  @BeforeEach
  void connect() {
    producer =
        KafkaClients.of(LocalStackTestResource.kafka().bootstrapServers())
            .producers()
            .create(Delivery.QUICK);
  }

  @AfterEach
  void disconnect() {
    producer.close();
  }

  @Test
  void poisonOnTheHeartbeatTopicIsDeadLetteredAndTheNextHeartbeatIsStored() throws Exception {
    // The fan-out starts at the end of the topic: wait until it is reading before the poison goes
    // in.
    String first = "probe-" + UUID.randomUUID();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              send(Topics.EVALUATORS, first, Json.write(beat(first)));
              return seen(first);
            });

    send(Topics.EVALUATORS, "bad", "{not json");
    send(
        Topics.EVALUATORS,
        "bad",
        "{\"hardwareTarget\":\"host-cpu\",\"host\":\"h\",\"cores\":2,\"engine\":\"e\",\"at\":\"2026-12-01T00:00:00Z\"}");
    String next = "after-poison-" + UUID.randomUUID();
    send(Topics.EVALUATORS, next, Json.write(beat(next)));

    await().atMost(Duration.ofSeconds(30)).until(() -> seen(next));
    List<Map<String, Object>> letters = letters(Topics.EVALUATORS);
    assertThat(letters)
        .extracting(l -> (String) l.get("reason"))
        .contains("required field 'evaluatorId' is missing")
        .anyMatch(r -> r.startsWith("not a readable EvaluatorHeartbeat"));
  }

  @Test
  void poisonOnTheEventTopicIsDeadLetteredAndTheNextEventReachesItsStream() throws Exception {
    UUID job = UUID.randomUUID();
    List<String> received = new CopyOnWriteArrayList<>();
    // A real key: the streams' heartbeat ends every stream whose key is not accepted.
    String key = ApiClientAccess.newTeam("dead-letters-" + System.nanoTime());
    streams
        .open(KeyHash.sha256(key), event(job, "start"))
        .subscribe()
        .with(e -> received.add(String.valueOf(e.getData())));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              send(Topics.EVENTS, job.toString(), Json.write(event(job, "probe")));
              return received.stream().anyMatch(d -> d.contains("probe"));
            });

    send(Topics.EVENTS, job.toString(), "[1, 2");
    send(
        Topics.EVENTS,
        job.toString(),
        "{\"type\":\"STATUS\",\"status\":\"RUNNING\",\"message\":\"no job"
            + " id\",\"at\":\"2026-12-01T00:00:00Z\"}");
    send(Topics.EVENTS, job.toString(), Json.write(event(job, "after the poison")));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> received.stream().anyMatch(d -> d.contains("after the poison")));
    assertThat(letters(Topics.EVENTS))
        .extracting(l -> (String) l.get("reason"))
        .contains("required field 'jobId' is missing")
        .anyMatch(r -> r.startsWith("not a readable JobEvent"));
  }

  @Test
  void anEvaluatorsDeadLetterIsStoredOnceListedForTheAdminOnlyAndReplayedToItsTopic()
      throws Exception {
    String topic = "replay-test-" + UUID.randomUUID();
    String payload = "{\"jobId\":null,\"candidateId\":\"" + UUID.randomUUID() + "\"}";
    DeadLetter letter =
        new DeadLetter(
            topic,
            2,
            41,
            "candidate-key",
            payload,
            false,
            "required field 'jobId' is missing",
            "sculptor-evaluator-host-cpu",
            Instant.parse("2026-12-01T00:00:00Z"));
    send(Topics.DEAD_LETTERS, topic, Json.write(letter));
    send(Topics.DEAD_LETTERS, topic, Json.write(letter)); // a redelivery: still one row
    send(Topics.DEAD_LETTERS, "junk", "not even json");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> letters(topic).size() == 1 && !letters(Topics.DEAD_LETTERS).isEmpty());
    Map<String, Object> row = letters(topic).getFirst();
    assertThat(row)
        .containsEntry("partition", 2)
        .containsEntry("offset", 41)
        .containsEntry("key", "candidate-key")
        .containsEntry("payloadExcerpt", payload)
        .containsEntry("replayable", true)
        .containsEntry("replays", 0)
        .containsEntry("consumerGroup", "sculptor-evaluator-host-cpu");
    assertThat(letters(Topics.DEAD_LETTERS).getFirst().get("reason"))
        .asString()
        .startsWith("not a readable DeadLetter");

    String team = ApiClientAccess.newTeam("not-admin-" + System.nanoTime());
    as(team).get("/api/v1/admin/dead-letters").then().statusCode(403);
    as(team).post("/api/v1/admin/dead-letters/" + row.get("id") + "/replay").then().statusCode(403);

    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackTestResource.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "replay-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      as(ApiClientAccess.ADMIN)
          .post("/api/v1/admin/dead-letters/" + row.get("id") + "/replay")
          .then()
          .statusCode(200)
          .body("replays", equalTo(1))
          .body("replayedAt", notNullValue());
      consumer.subscribe(List.of(topic));
      List<String> republished = new CopyOnWriteArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(r -> republished.add(r.key() + " " + r.value()));
                return !republished.isEmpty();
              });
      assertThat(republished).containsExactly("candidate-key " + payload);
    }
    as(ApiClientAccess.ADMIN)
        .post("/api/v1/admin/dead-letters/999999999/replay")
        .then()
        .statusCode(404);
  }

  @Test
  void readinessShowsEveryConsumerOfTheApi() {
    JsonPath health =
        io.restassured.RestAssured.get("/q/health/ready")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Object> consumers = health.getMap("checks.find { it.name == 'Kafka consumers' }");
    assertThat(consumers).containsEntry("status", "UP");
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) consumers.get("data");
    assertThat(data).containsKeys("fanout-events", "fanout-heartbeats", "dead-letter-ingest");
  }

  private List<Map<String, Object>> letters(String topic) {
    return as(ApiClientAccess.ADMIN)
        .queryParam("topic", topic)
        .get("/api/v1/admin/dead-letters")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private boolean seen(String evaluatorId) {
    return QuarkusTransaction.requiringNew().call(() -> evaluators.findById(evaluatorId) != null);
  }

  private void send(String topic, String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  private static EvaluatorHeartbeat beat(String id) {
    return new EvaluatorHeartbeat(id, "host-cpu", "test-host", 2, "PyTorch", Instant.now());
  }

  private static JobEvent event(UUID job, String message) {
    return new JobEvent(job, JobEvent.Type.STATUS, JobStatus.RUNNING, null, message, Instant.now());
  }
}
