package dev.sculptor.api.outbox;

import dev.sculptor.api.ApiSettings;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import dev.sculptor.store.outbox.OutboxMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in order and marks them sent. While the broker is down rows stay
 * unpublished (jobs stay QUEUED) and go out once it is back. A send either completes or fails
 * within the delivery timeout, and a failed producer is closed at once so nothing it buffered can
 * go out later behind our back: a row is published once.
 *
 * <p>A failed row is tried again after a growing pause. A failure retrying can cure (the broker is
 * away) ends the batch and is retried for as long as it lasts; one it cannot (a message the broker
 * refuses) is retried a few times, then parked with its reason, so it never blocks the rows behind
 * it.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  @Inject KafkaClients kafka;
  @Inject ApiSettings settings;

  @Inject EntityManager em;
  @Inject MeterRegistry metrics;

  private Publisher publisher;
  private Instant lastWarning = Instant.EPOCH;

  @PostConstruct
  void init() {
    publisher = kafka.publisher(Delivery.QUICK);
  }

  @Scheduled(every = "0.25s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void relay() {
    try {
      Batch batch;
      do {
        batch = QuarkusTransaction.requiringNew().call(this::publishBatch);
        if (batch.brokerAway() != null) warn(batch.brokerAway());
      } while (batch.rows() == BATCH && batch.brokerAway() == null);
    } catch (RuntimeException e) {
      warn(e);
    }
  }

  /**
   * What one batch did: rows looked at, and the failure that ended it early, if the broker is away.
   */
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
    List<OutboxMessage> rows =
        em.createNativeQuery(
                """
                SELECT * FROM outbox
                 WHERE published_at IS NULL AND parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                 ORDER BY id LIMIT %d FOR UPDATE SKIP LOCKED\
                """
                    .formatted(BATCH),
                OutboxMessage.class)
            .getResultList();
    for (OutboxMessage row : rows) {
      try {
        publisher.send(row.topic, row.messageKey, row.payload);
      } catch (Exception e) {
        Throwable cause =
            e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        boolean curable =
            cause instanceof RetriableException
                || e instanceof InterruptedException
                || e instanceof TimeoutException;
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
    if (!curable && row.attempts >= settings.outbox().maxAttempts()) {
      row.parkedAt = Instant.now();
      metrics.counter("sculptor.outbox.parked", "topic", row.topic).increment();
      LOG.errorf(
          "outbox row %d (%s) parked after %d attempts: %s",
          row.id, row.topic, row.attempts, row.lastError);
      return;
    }
    row.nextAttemptAt = Instant.now().plus(pause(row.attempts));
  }

  /** Half a second after the first failure, doubling up to half a minute. */
  static Duration pause(int attempts) {
    long millis = FIRST_PAUSE.toMillis() << Math.min(attempts - 1, 16);
    return Duration.ofMillis(Math.min(millis, LONGEST_PAUSE.toMillis()));
  }

  void onStop(@Observes ShutdownEvent event) {
    publisher.close();
  }
}
