package dev.sculptor.api.events;

import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.store.evaluator.EvaluatorRecord;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every api replica reads job events and evaluator heartbeats with a group of its own (so each
 * sees all of them): events go to this replica's SSE clients, heartbeats into the evaluator table.
 */
@ApplicationScoped
public class KafkaFanout {
  private static final Logger LOG = Logger.getLogger(KafkaFanout.class);

  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  @Inject EvaluatorRepository evaluators;

  private final BroadcastProcessor<JobEvent> events = BroadcastProcessor.create();
  private volatile KafkaConsumer<String, String> consumer;
  private Thread thread;

  void onStart(@Observes StartupEvent event) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "sculptor-api-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(Topics.EVENTS, Topics.EVALUATORS));
    thread = Thread.ofPlatform().name("sculptor-fanout").daemon().start(this::run);
  }

  /** Events of one job, as they arrive at this replica. */
  public Multi<JobEvent> events(UUID jobId) {
    // A slow client gets a bounded buffer rather than failing the broadcast for everyone.
    return events.filter(e -> jobId.equals(e.jobId())).onOverflow().buffer(1024);
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            if (record.topic().equals(Topics.EVENTS)) {
              events.onNext(Json.read(record.value(), JobEvent.class));
            } else {
              heartbeat(Json.read(record.value(), EvaluatorHeartbeat.class));
            }
          } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable message on %s: %s", record.topic(), e.getMessage());
          }
        }
      }
    } catch (WakeupException e) {
      // shutting down
    } finally {
      consumer.close();
    }
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
    if (consumer != null) consumer.wakeup();
  }
}
