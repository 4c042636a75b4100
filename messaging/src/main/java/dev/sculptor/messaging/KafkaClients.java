package dev.sculptor.messaging;

import dev.sculptor.messaging.consumer.ConsumerSettings;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.ProducerFactory;
import dev.sculptor.messaging.producer.Publisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Where the broker is, and the one place each service makes its Kafka clients from: publishers
 * ({@link ProducerFactory}), admin clients, and consumer loop settings. A service builds it once
 * from its settings ({@code sculptor.kafka.bootstrap}, env {@code SCULPTOR_KAFKA_BOOTSTRAP}); a
 * test of pure logic may give it a factory of {@code MockProducer}s.
 */
public record KafkaClients(String bootstrap, ProducerFactory producers) {

  public static KafkaClients of(String bootstrap) {
    return new KafkaClients(bootstrap, ProducerFactory.kafka(bootstrap));
  }

  public Publisher publisher(Delivery delivery) {
    return new Publisher(producers, delivery);
  }

  /**
   * An admin client whose calls fail after {@code timeout}: short for a health check, longer for a
   * topic setup.
   */
  public Admin admin(Duration timeout) {
    int millis = (int) timeout.toMillis();
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
  }

  /** A consumer loop on this broker, with the defaults of {@link ConsumerSettings#of}. */
  public ConsumerSettings consumer(
      String name, String group, String offsetReset, List<String> topics, Duration poll) {
    return ConsumerSettings.of(name, bootstrap, group, offsetReset, topics, poll);
  }
}
