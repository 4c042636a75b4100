package dev.sculptor.messaging.producer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One producer of one {@link Delivery}, made when first needed and shared by the caller's threads.
 * A send that fails closes that producer at once, so nothing it still buffers can go out later
 * behind the caller's retry (a message is published once); the next send makes a fresh producer.
 */
public final class Publisher implements AutoCloseable {
  private final ProducerFactory factory;
  private final Delivery delivery;
  private Producer<String, String> producer;

  public Publisher(ProducerFactory factory, Delivery delivery) {
    this.factory = factory;
    this.delivery = delivery;
  }

  /**
   * Sends and waits for the broker's acknowledgement; a failure drops the producer and is thrown as
   * the client reported it.
   */
  public RecordMetadata send(String topic, String key, String value)
      throws InterruptedException, ExecutionException, TimeoutException {
    Producer<String, String> p = producer();
    try {
      // the client fails the send by itself within longestSend(); the margin only guards against a
      // stuck client
      return p.send(new ProducerRecord<>(topic, key, value))
          .get(delivery.longestSend().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
      discard(p);
      throw e;
    }
  }

  /**
   * Sends without waiting: a failure goes to {@code onFailure} (on the client's thread), never to
   * the caller.
   */
  public void sendAndForget(String topic, String key, String value, Consumer<Exception> onFailure) {
    try {
      producer()
          .send(
              new ProducerRecord<>(topic, key, value),
              (metadata, error) -> {
                if (error != null) onFailure.accept(error);
              });
    } catch (RuntimeException e) {
      onFailure.accept(e);
    }
  }

  private synchronized Producer<String, String> producer() {
    if (producer == null) producer = factory.create(delivery);
    return producer;
  }

  /**
   * Closes {@code failed} without waiting for what it buffers, unless another thread replaced it
   * already.
   */
  private synchronized void discard(Producer<String, String> failed) {
    if (producer != failed) return;
    producer = null;
    failed.close(Duration.ZERO);
  }

  /** Sends what is buffered (a short wait), then closes; a later send makes a new producer. */
  @Override
  public synchronized void close() {
    if (producer != null) producer.close(Duration.ofSeconds(2));
    producer = null;
  }
}
