package dev.sculptor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.JobMessage;
import dev.sculptor.core.messaging.JobSubmitted;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.topics.TopicLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real KRaft broker carries a job message through the project's own topics, producers and JSON
 * mapping.
 */
class LocalKafkaTest {
  static LocalKafka kafka;

  @BeforeAll
  static void start() {
    kafka = LocalKafka.startTemporary();
    kafka.ensureTopics(List.of("host-cpu"));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void evaluateTopicsGrowToTheConfiguredPartitionsAndNeverShrink() throws Exception {
    var grown = kafka.ensureTopics(List.of("host-cpu"), new TopicLayout(6, (short) 1));
    var again = kafka.ensureTopics(List.of("host-cpu"), new TopicLayout(2, (short) 1));

    assertThat(grown.grownTo()).isEqualTo(Map.of(Topics.evaluate("host-cpu"), 6));
    assertThat(again.none()).isTrue();
    try (var admin = KafkaClients.of(kafka.bootstrapServers()).admin(Duration.ofSeconds(30))) {
      // a partition increase reaches the brokers' metadata asynchronously: read until it shows
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(
              () ->
                  admin
                          .describeTopics(List.of(Topics.evaluate("host-cpu")))
                          .allTopicNames()
                          .get()
                          .get(Topics.evaluate("host-cpu"))
                          .partitions()
                          .size()
                      == 6);
    }
  }

  @Test
  void jobSubmittedTravelsThroughTheBroker() throws Exception {
    JobSubmitted sent =
        new JobSubmitted(
            UUID.randomUUID(),
            UUID.randomUUID(),
            new JobSpec(null, null, null, null, null, null, null, null, null, null).withDefaults(),
            Instant.parse("2026-11-24T00:00:00Z"));
    try (var publisher = KafkaClients.of(kafka.bootstrapServers()).publisher(Delivery.QUICK)) {
      publisher.send(Topics.JOBS, sent.jobId().toString(), Json.write(sent));
    }

    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "test",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.JOBS));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }

    assertThat(received).hasSize(1);
    assertThat(received.getFirst().key()).isEqualTo(sent.jobId().toString());
    assertThat(Json.read(received.getFirst().value(), JobMessage.class)).isEqualTo(sent);
  }
}
