package dev.sculptor.worker.progress;

import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Progress events for the api's SSE clients. Fire and forget: the job row holds the same numbers
 * durably, so a lost event only delays what a browser shows until the next one. A broker that is
 * away therefore never fails or stalls a job here: the send gives up after a short wait.
 */
@ApplicationScoped
public class ProgressEvents {
  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  private static final Logger LOG = Logger.getLogger(ProgressEvents.class);

  private KafkaProducer<String, String> producer;
  private volatile Instant lastWarning = Instant.EPOCH;

  public void publish(JobEvent event) {
    try {
      producer().send(new ProducerRecord<>(Topics.EVENTS, event.jobId().toString(), Json.write(event)), (meta, error) -> {
        if (error != null) dropped(error);
      });
    } catch (RuntimeException e) {
      dropped(e);
    }
  }

  private void dropped(Exception e) {
    Instant now = Instant.now();
    if (lastWarning.isBefore(now.minusSeconds(30))) {
      lastWarning = now;
      LOG.warnf("progress event not published (%s); the job row keeps the numbers", e.getMessage());
    }
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0,
              ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
              ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000),
          new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  void onStop(@Observes ShutdownEvent event) {
    if (producer != null) producer.close(Duration.ofSeconds(2));
  }
}
