package dev.sculptor.worker.progress;

import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Progress events for the api's SSE clients. Fire and forget: the job row holds the same numbers
 * durably, so a lost event only delays what a browser shows until the next one. A broker that is
 * away therefore never fails or stalls a job here: the send gives up after a short wait.
 */
@ApplicationScoped
public class ProgressEvents {
  private static final Logger LOG = Logger.getLogger(ProgressEvents.class);

  @Inject KafkaClients kafka;

  private Publisher publisher;
  private volatile Instant lastWarning = Instant.EPOCH;

  @PostConstruct
  void init() {
    publisher = kafka.publisher(Delivery.BEST_EFFORT);
  }

  public void publish(JobEvent event) {
    publisher.sendAndForget(
        Topics.EVENTS, event.jobId().toString(), Json.write(event), this::dropped);
  }

  private void dropped(Exception e) {
    Instant now = Instant.now();
    if (lastWarning.isBefore(now.minusSeconds(30))) {
      lastWarning = now;
      LOG.warnf("progress event not published (%s); the job row keeps the numbers", e.getMessage());
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    publisher.close();
  }
}
