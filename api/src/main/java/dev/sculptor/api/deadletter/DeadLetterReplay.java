package dev.sculptor.api.deadletter;

import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Publishes a dead letter's payload again, to its topic with its key, and waits for the broker's
 * ack.
 */
@ApplicationScoped
public class DeadLetterReplay {
  @Inject KafkaClients kafka;

  private Publisher publisher;

  @PostConstruct
  void init() {
    publisher = kafka.publisher(Delivery.QUICK);
  }

  void publish(String topic, String key, String payload) throws Exception {
    publisher.send(topic, key, payload);
  }

  void onStop(@Observes ShutdownEvent event) {
    publisher.close();
  }
}
