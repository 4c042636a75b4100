package dev.sculptor.messaging.consumer;

import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Dead letters of a consumer that has no database (the evaluator): published on {@link
 * Topics#DEAD_LETTERS}, keyed by the refused record's topic; the api stores them. A send that fails
 * is an infrastructure failure, so the refused record stays uncommitted.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink, AutoCloseable {
  private final Publisher publisher;

  /**
   * {@code publisher}: a {@link Delivery#PATIENT} one, as for the results the record would have
   * had.
   */
  public KafkaDeadLetterSink(Publisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void accept(DeadLetter letter) throws InterruptedException {
    try {
      publisher.send(Topics.DEAD_LETTERS, letter.topic(), Json.write(letter));
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new InfrastructureFailure("could not publish a dead letter", e);
    }
  }

  @Override
  public void close() {
    publisher.close();
  }
}
