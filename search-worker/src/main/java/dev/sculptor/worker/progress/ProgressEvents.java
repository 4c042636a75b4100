package dev.sculptor.worker.progress;

import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Progress events for the api's SSE clients. Fire and forget: the job row holds the same numbers
 * durably, so a lost event only delays what a browser shows until the next one.
 */
@ApplicationScoped
public class ProgressEvents {
  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  private KafkaProducer<String, String> producer;

  public void publish(JobEvent event) {
    producer().send(new ProducerRecord<>(Topics.EVENTS, event.jobId().toString(), Json.write(event)));
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
          new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  void onStop(@Observes ShutdownEvent event) {
    if (producer != null) producer.close(Duration.ofSeconds(2));
  }
}
