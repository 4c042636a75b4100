package dev.sculptor.api.outbox;

import dev.sculptor.store.outbox.OutboxMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.TransactionExceptionResult;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in order and marks them sent. While the broker is down rows stay
 * unpublished (jobs stay QUEUED) and go out once it is back. A send either completes or fails
 * within the delivery timeout, and a failed producer is closed at once so nothing it buffered can
 * go out later behind our back: a row is published once.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;

  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  @Inject EntityManager em;
  @Inject MeterRegistry metrics;

  private KafkaProducer<String, String> producer;
  private Instant lastWarning = Instant.EPOCH;

  @Scheduled(every = "0.25s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void relay() {
    try {
      while (QuarkusTransaction.requiringNew()
              .exceptionHandler(e -> e instanceof PartialBatch ? TransactionExceptionResult.COMMIT : TransactionExceptionResult.ROLLBACK)
              .call(this::publishBatch) == BATCH) {
        // a full batch: there may be more waiting
      }
    } catch (PartialBatch e) {
      resetProducer();
      warn(e.getCause());
    } catch (RuntimeException e) {
      resetProducer();
      warn(e);
    }
  }

  private void warn(Throwable e) {
    if (lastWarning.isBefore(Instant.now().minusSeconds(30))) {
      lastWarning = Instant.now();
      LOG.warnf("outbox relay cannot publish yet (%s); will keep trying", e.getMessage());
    }
  }

  /** A send failed mid-batch; thrown out of the transaction so the rows sent so far still commit. */
  static final class PartialBatch extends RuntimeException {
    PartialBatch(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** One batch, rows locked so several api replicas never publish the same row. */
  private int publishBatch() throws Exception {
    @SuppressWarnings("unchecked")
    List<OutboxMessage> rows = em.createNativeQuery(
            "SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED",
            OutboxMessage.class)
        .getResultList();
    for (OutboxMessage row : rows) {
      // Rows before this one stay marked when a later one fails: the batch commits what was sent.
      try {
        producer().send(new ProducerRecord<>(row.topic, row.messageKey, row.payload)).get();
      } catch (Exception e) {
        throw new PartialBatch(e);
      }
      row.publishedAt = Instant.now();
      metrics.counter("sculptor.outbox.published", "topic", row.topic).increment();
    }
    return rows.size();
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
      producer.close(java.time.Duration.ZERO);
      producer = null;
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    resetProducer();
  }
}
