package dev.sculptor.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.Backoff;
import dev.sculptor.messaging.consumer.ConsumerSettings;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.store.consumer.Consumers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A consumer that dies makes the service not ready, naming it, until its restart polls again. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ConsumerReadinessTest {
  @Inject Consumers consumers;

  @Test
  void aDeadConsumerIsNamedOnReadinessUntilItIsRestarted() throws Exception {
    // a restart delay longer than one readiness call (it asks the broker too)
    String topic = "readiness-test-" + UUID.randomUUID();
    AtomicBoolean killed = new AtomicBoolean();
    List<String> handled = new CopyOnWriteArrayList<>();
    consumers.start(
        ConsumerSettings.of(
                "doomed-reader",
                LocalStackTestResource.kafka().bootstrapServers(),
                "readiness-" + UUID.randomUUID(),
                "earliest",
                List.of(topic),
                Duration.ofMillis(100))
            .withBackoff(new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10))),
        record -> {
          if (killed.compareAndSet(false, true)) throw new StackOverflowError("killed on purpose");
          handled.add(record.value());
        });
    try (var producer =
        KafkaClients.of(LocalStackTestResource.kafka().bootstrapServers())
            .producers()
            .create(Delivery.QUICK)) {
      producer.send(new ProducerRecord<>(topic, "k", "the record it dies on")).get();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> RestAssured.get("/q/health/ready").statusCode() == 503);
    Map<String, Object> down = consumersCheck();
    assertThat(down).containsEntry("status", "DOWN");
    assertThat(data(down)).containsEntry("down", "doomed-reader");
    assertThat((String) data(down).get("doomed-reader"))
        .startsWith("RESTARTING")
        .contains("killed on purpose");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("the record it dies on"));
    assertThat(consumersCheck()).containsEntry("status", "UP");
  }

  private static Map<String, Object> consumersCheck() {
    return RestAssured.get("/q/health/ready")
        .then()
        .extract()
        .jsonPath()
        .getMap("checks.find { it.name == 'Kafka consumers' }");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> check) {
    return (Map<String, Object>) check.get("data");
  }
}
