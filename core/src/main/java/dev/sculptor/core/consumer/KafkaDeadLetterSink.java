package dev.sculptor.core.consumer;

import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Dead letters of a consumer that has no database (the evaluator): published on
 * {@link Topics#DEAD_LETTERS}, keyed by the refused record's topic; the api stores them. A send
 * that fails is an infrastructure failure, so the refused record stays uncommitted.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink, AutoCloseable {
  private final KafkaProducer<String, String> producer;

  public KafkaDeadLetterSink(String bootstrap) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
        new StringSerializer(), new StringSerializer());
  }

  @Override
  public void accept(DeadLetter letter) throws Exception {
    try {
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, letter.topic(), Json.write(letter))).get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new InfrastructureFailure("could not publish a dead letter", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
