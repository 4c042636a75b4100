package dev.sculptor.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.sculptor.core.messaging.Topics;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.store.deadletter.DeadLetterRow;
import dev.sculptor.store.deadletter.DeadLetters;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The worker's consumers on a real broker and PostgreSQL: poison on the jobs and results topics
 * becomes dead-letter rows (and a metric), and the good message after it is still handled — its
 * offset is committed, which the loop does only after handling.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class PoisonMessagesTest {
  @Inject DeadLetters deadLetters;

  @Test
  void poisonOnTheJobsTopicIsDeadLetteredAndTheNextJobMessageIsHandled() throws Exception {
    String key = UUID.randomUUID().toString();
    RecordMetadata good =
        send(
            Topics.JOBS,
            key,
            "{not json",
            "{\"type\":\"JobExploded\",\"jobId\":\"" + key + "\"}",
            "{\"type\":\"JobCancelRequested\",\"requestedAt\":\"2026-12-01T00:00:00Z\"}",
            "{\"type\":\"JobCancelRequested\",\"jobId\":\""
                + key
                + "\",\"requestedAt\":\"2026-12-01T00:00:00Z\"}");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> committed("sculptor-search-worker", good) > good.offset());
    assertThat(rows(Topics.JOBS, good))
        .extracting(r -> r.reason)
        .satisfiesExactlyInAnyOrder(
            r -> assertThat(r).startsWith("not a readable JobMessage"),
            r -> assertThat(r).startsWith("unknown or missing message type"),
            r -> assertThat(r).isEqualTo("required field 'jobId' is missing"));
    RestAssured.get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("sculptor_dead_letters_total{topic=\"sculptor.jobs.v1\"}"));
  }

  @Test
  void poisonOnTheResultsTopicIsDeadLetteredAndTheNextResultIsHandled() throws Exception {
    String job = UUID.randomUUID().toString();
    RecordMetadata good =
        send(
            Topics.RESULTS,
            job,
            "",
            "{\"jobId\":\"" + job + "\",\"attempt\":1,\"status\":\"FAILED\"}",
            "{\"jobId\":\""
                + job
                + "\",\"candidateId\":\""
                + UUID.randomUUID()
                + "\",\"attempt\":1,\"status\":\"EXPLODED\"}",
            // a well-formed result for a candidate this database does not have: handled by ignoring
            // it
            "{\"jobId\":\""
                + job
                + "\",\"candidateId\":\""
                + UUID.randomUUID()
                + "\",\"attempt\":1,\"status\":\"FAILED\","
                + "\"error\":{\"reason\":\"bad\",\"retriable\":false}}");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> committed("sculptor-search-worker-results", good) > good.offset());
    assertThat(rows(Topics.RESULTS, good))
        .extracting(r -> r.reason)
        .satisfiesExactlyInAnyOrder(
            r -> assertThat(r).isEqualTo("empty message"),
            r -> assertThat(r).isEqualTo("required field 'candidateId' is missing"),
            r -> assertThat(r).startsWith("not a readable EvaluationResult"));
  }

  @Test
  void readinessShowsBothConsumersOfTheWorker() {
    Map<String, Object> check =
        RestAssured.get("/q/health/ready")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("checks.find { it.name == 'Kafka consumers' }");
    assertThat(check).containsEntry("status", "UP");
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) check.get("data");
    assertThat(data).containsKeys("job-intake", "result-ingest");
  }

  /** Sends the values in order on one key (one partition); returns where the last one went. */
  private static RecordMetadata send(String topic, String key, String... values) throws Exception {
    try (var producer =
        KafkaClients.of(LocalStackTestResource.kafka().bootstrapServers())
            .producers()
            .create(Delivery.QUICK)) {
      RecordMetadata last = null;
      for (String value : values)
        last = producer.send(new ProducerRecord<>(topic, key, value)).get();
      return last;
    }
  }

  private static long committed(String group, RecordMetadata record) throws Exception {
    try (Admin admin =
        KafkaClients.of(LocalStackTestResource.kafka().bootstrapServers())
            .admin(Duration.ofSeconds(30))) {
      OffsetAndMetadata offset =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get()
              .get(new TopicPartition(record.topic(), record.partition()));
      return offset == null ? -1 : offset.offset();
    }
  }

  /** The dead letters of the three records sent before {@code good} on its partition. */
  private List<DeadLetterRow> rows(String topic, RecordMetadata good) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                deadLetters.newest(topic, 100).stream()
                    .filter(
                        r ->
                            r.kafkaPartition == good.partition()
                                && r.kafkaOffset >= good.offset() - 3
                                && r.kafkaOffset < good.offset())
                    .toList());
  }
}
