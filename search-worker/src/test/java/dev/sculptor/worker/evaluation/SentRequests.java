package dev.sculptor.worker.evaluation;

import static org.awaitility.Awaitility.await;

import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.local.LocalStackTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The evaluation requests a job's worker put on the host-cpu topic, read from the real broker. */
final class SentRequests {
  private SentRequests() {}

  /** At least {@code expected} of {@code job}'s requests, from the start of the topic. */
  static List<EvaluationRequest> atLeast(UUID job, int expected) {
    return until(job, sent -> sent.size() >= expected);
  }

  /** {@code job}'s requests, read until {@code enough} holds for them (at most 30 s). */
  static List<EvaluationRequest> until(UUID job, Predicate<List<EvaluationRequest>> enough) {
    List<EvaluationRequest> sent = new ArrayList<>();
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
      consumer.subscribe(List.of(Topics.evaluate("host-cpu")));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          EvaluationRequest request = Json.read(r.value(), EvaluationRequest.class);
                          if (job.equals(request.jobId())) sent.add(request);
                        });
                return enough.test(sent);
              });
    }
    return sent;
  }
}
