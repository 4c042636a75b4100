package dev.sculptor.api.deadletter;

import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.Payloads;
import dev.sculptor.store.consumer.Consumers;
import dev.sculptor.store.deadletter.DeadLetters;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * Stores the dead letters of consumers without a database (evaluators publish theirs on {@link
 * Topics#DEAD_LETTERS}) in the same table as everyone else's. The api replicas share one group, and
 * the table keeps one row per refused record, so each is stored once.
 */
@ApplicationScoped
public class DeadLetterIngest {
  @Inject KafkaClients kafka;

  @Inject Consumers consumers;
  @Inject DeadLetters deadLetters;

  void onStart(@Observes StartupEvent event) {
    consumers.start(
        kafka.consumer(
            "dead-letter-ingest",
            "sculptor-api-dead-letters",
            "earliest",
            List.of(Topics.DEAD_LETTERS),
            Duration.ofMillis(500)),
        record -> {
          DeadLetter letter = Payloads.read(record, DeadLetter.class);
          Payloads.require(letter.topic(), "topic");
          Payloads.require(letter.reason(), "reason");
          Payloads.require(letter.consumer(), "consumer");
          Payloads.require(letter.at(), "at");
          deadLetters.accept(letter);
        });
  }
}
