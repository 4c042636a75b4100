package dev.sculptor.api.events;

import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.core.messaging.TopicReader;
import dev.sculptor.store.evaluator.EvaluatorRecord;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every api replica reads job events and evaluator heartbeats with a group of its own (so each
 * sees all of them): events go to this replica's SSE clients, heartbeats into the evaluator table.
 */
@ApplicationScoped
public class KafkaFanout {
  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  @Inject EvaluatorRepository evaluators;
  @Inject JobStreams streams;

  private TopicReader reader;

  void onStart(@Observes StartupEvent event) {
    reader = TopicReader.start("sculptor-fanout", bootstrap, "sculptor-api-" + UUID.randomUUID(), "latest",
        List.of(Topics.EVENTS, Topics.EVALUATORS), Duration.ofMillis(500), record -> {
          if (record.topic().equals(Topics.EVENTS)) {
            streams.deliver(Json.read(record.value(), JobEvent.class));
          } else {
            heartbeat(Json.read(record.value(), EvaluatorHeartbeat.class));
          }
        });
  }

  private void heartbeat(EvaluatorHeartbeat beat) {
    QuarkusTransaction.requiringNew().run(() -> {
      EvaluatorRecord row = evaluators.findById(beat.evaluatorId());
      boolean fresh = row == null;
      if (fresh) {
        row = new EvaluatorRecord();
        row.id = beat.evaluatorId();
      }
      // every column set before persist, so the insert never sees a null
      row.hardwareTarget = beat.hardwareTarget();
      row.host = beat.host();
      row.cores = Math.max(1, beat.cores());
      row.engine = beat.engine();
      row.lastSeenAt = beat.at();
      if (fresh) evaluators.persist(row);
    });
  }

  void onStop(@Observes ShutdownEvent event) {
    if (reader != null) reader.close();
  }
}
