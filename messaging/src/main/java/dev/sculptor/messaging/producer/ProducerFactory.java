package dev.sculptor.messaging.producer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one way a Sculptor producer is made: string keys and JSON text, configured by its {@link
 * Delivery}. Behind Kafka's {@link Producer} interface, so tests of pure logic can hand out a
 * {@code MockProducer} instead of a broker.
 */
@FunctionalInterface
public interface ProducerFactory {
  Producer<String, String> create(Delivery delivery);

  /** Real producers to the broker at {@code bootstrap}. */
  static ProducerFactory kafka(String bootstrap) {
    return delivery ->
        new KafkaProducer<>(
            delivery.config(bootstrap), new StringSerializer(), new StringSerializer());
  }
}
