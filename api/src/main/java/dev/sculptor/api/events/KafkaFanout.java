package dev.sculptor.api.events;

import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.Payloads;
import dev.sculptor.store.consumer.Consumers;
import dev.sculptor.store.evaluator.EvaluatorRecord;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Every api replica reads job events and evaluator heartbeats with a group of its own (so each sees
 * all of them): events go to this replica's SSE clients, heartbeats into the evaluator table. Two
 * loops, so events keep flowing while the database is down and heartbeats wait for it.
 */
@ApplicationScoped
public class KafkaFanout {
  @Inject KafkaClients kafka;

  @Inject EvaluatorRepository evaluators;
  @Inject Consumers consumers;

  @Inject JobStreams streams;

  void onStart(@Observes StartupEvent event) {
    String replica = "sculptor-api-" + UUID.randomUUID();
    consumers.start(
        kafka.consumer(
            "fanout-events",
            replica + "-events",
            "latest",
            List.of(Topics.EVENTS),
            Duration.ofMillis(500)),
        record -> {
          JobEvent e = Payloads.read(record, JobEvent.class);
          Payloads.require(e.jobId(), "jobId");
          streams.deliver(e);
        });
    consumers.start(
        kafka.consumer(
            "fanout-heartbeats",
            replica + "-heartbeats",
            "latest",
            List.of(Topics.EVALUATORS),
            Duration.ofMillis(500)),
        record -> {
          EvaluatorHeartbeat beat = Payloads.read(record, EvaluatorHeartbeat.class);
          Payloads.require(beat.evaluatorId(), "evaluatorId");
          Payloads.require(beat.hardwareTarget(), "hardwareTarget");
          Payloads.require(beat.host(), "host");
          Payloads.require(beat.engine(), "engine");
          Payloads.require(beat.at(), "at");
          heartbeat(beat);
        });
  }

  private static String clip(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  private void heartbeat(EvaluatorHeartbeat beat) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
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
              row.cpuModel = clip(beat.cpuModel(), 500);
              row.architecture = clip(beat.architecture(), 64);
              row.threads = beat.threads() > 0 ? beat.threads() : null;
              row.runtime = clip(beat.runtime(), 500);
              row.version = clip(beat.version(), 64);
              row.trainsOn = clip(beat.trainsOn(), 64);
              row.lastSeenAt = beat.at();
              if (fresh) evaluators.persist(row);
            });
  }
}
