package dev.sculptor.api.outbox;

import dev.sculptor.store.outbox.OutboxMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in order and marks them sent. While the broker is down rows stay
 * unpublished (jobs stay QUEUED) and go out once it is back. A send either completes or fails
 * within the delivery timeout, and a failed producer is closed at once so nothing it buffered can
 * go out later behind our back: a row is published once.
 *
 * <p>A failed row is tried again after a growing pause. A failure retrying can cure (the broker is
 * away) ends the batch and is retried for as long as it lasts; one it cannot (a message the broker
 * refuses) is retried a few times, then parked with its reason, so it never blocks the rows behind it.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  @ConfigProperty(name = "sculptor.outbox.max-attempts")
  int maxAttempts;

  @Inject EntityManager em;
  @Inject MeterRegistry metrics;

  private KafkaProducer<String, String> producer;
  private Instant lastWarning = Instant.EPOCH;

  @Scheduled(every = "0.25s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void relay() {
    try {
      Batch batch;
      do {
        batch = QuarkusTransaction.requiringNew().call(this::publishBatch);
        if (batch.brokerAway() != null) {
          resetProducer();
          warn(batch.brokerAway());
        }
      } while (batch.rows() == BATCH && batch.brokerAway() == null);
    } catch (RuntimeException e) {
      resetProducer();
      warn(e);
    }
  }

  /** What one batch did: rows looked at, and the failure that ended it early, if the broker is away. */
  record Batch(int rows, Throwable brokerAway) {}

  private void warn(Throwable e) {
    if (lastWarning.isBefore(Instant.now().minusSeconds(30))) {
      lastWarning = Instant.now();
      LOG.warnf("outbox relay cannot publish yet (%s); will keep trying", e.getMessage());
    }
  }

  /** One batch, rows locked so several api replicas never publish the same row. */
  private Batch publishBatch() {
    @SuppressWarnings("unchecked")
    List<OutboxMessage> rows = em.createNativeQuery("""
            SELECT * FROM outbox
             WHERE published_at IS NULL AND parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
             ORDER BY id LIMIT %d FOR UPDATE SKIP LOCKED""".formatted(BATCH), OutboxMessage.class)
        .getResultList();
    for (OutboxMessage row : rows) {
      try {
        producer().send(new ProducerRecord<>(row.topic, row.messageKey, row.payload)).get();
      } catch (Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        boolean curable = cause instanceof RetriableException || e instanceof InterruptedException;
        failed(row, cause, curable);
        // Rows before this one stay marked: the batch commits what was sent.
        if (curable) return new Batch(rows.size(), cause);
        continue;
      }
      row.publishedAt = Instant.now();
      row.lastError = null;
      metrics.counter("sculptor.outbox.published", "topic", row.topic).increment();
    }
    return new Batch(rows.size(), null);
  }

  private void failed(OutboxMessage row, Throwable cause, boolean curable) {
    row.attempts++;
    row.lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (!curable && row.attempts >= maxAttempts) {
      row.parkedAt = Instant.now();
      metrics.counter("sculptor.outbox.parked", "topic", row.topic).increment();
      LOG.errorf("outbox row %d (%s) parked after %d attempts: %s", row.id, row.topic, row.attempts, row.lastError);
      return;
    }
    row.nextAttemptAt = Instant.now().plus(pause(row.attempts));
  }

  /** Half a second after the first failure, doubling up to half a minute. */
  static Duration pause(int attempts) {
    long millis = FIRST_PAUSE.toMillis() << Math.min(attempts - 1, 16);
    return Duration.ofMillis(Math.min(millis, LONGEST_PAUSE.toMillis()));
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000,
          ProducerConfig.LINGER_MS_CONFIG, 0),
          new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  private synchronized void resetProducer() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    resetProducer();
  }
}
