package dev.sculptor.api.deadletter;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes a dead letter's payload again, to its topic with its key, and waits for the broker's ack. */
@ApplicationScoped
public class DeadLetterReplay {
  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  private KafkaProducer<String, String> producer;

  synchronized void publish(String topic, String key, String payload) throws Exception {
    if (producer == null) {
      producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000),
          new StringSerializer(), new StringSerializer());
    }
    try {
      producer.send(new ProducerRecord<>(topic, key, payload)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // A failed producer may still send what it buffered; start afresh next time.
      producer.close(Duration.ZERO);
      producer = null;
      throw e;
    }
  }

  synchronized void onStop(@Observes ShutdownEvent event) {
    if (producer != null) producer.close(Duration.ofSeconds(2));
  }
}
