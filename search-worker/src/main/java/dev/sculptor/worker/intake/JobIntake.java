package dev.sculptor.worker.intake;

import dev.sculptor.core.messaging.JobMessage;
import dev.sculptor.core.messaging.JobSubmitted;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.worker.lease.JobLeases;
import dev.sculptor.worker.search.JobRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How jobs reach a worker: {@code JobSubmitted} on the jobs topic (workers share one group), and a
 * sweep of the database every few seconds for jobs nobody holds — queued ones whose message was
 * missed and running ones whose worker died. Cancellation is read from the job row each generation.
 */
@ApplicationScoped
public class JobIntake {
  private static final Logger LOG = Logger.getLogger(JobIntake.class);

  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  @Inject JobRunner runner;
  @Inject JobLeases leases;

  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean running = true;

  void onStart(@Observes StartupEvent event) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "sculptor-search-worker",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer());
    Thread.ofPlatform().name("job-intake").daemon().start(this::run);
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.JOBS));
      while (running) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (var record : records) {
          try {
            if (Json.read(record.value(), JobMessage.class) instanceof JobSubmitted submitted) runner.tryStart(submitted.jobId());
          } catch (RuntimeException e) {
            LOG.warnf("skipping unusable job message at offset %d: %s", record.offset(), e.getMessage());
          }
        }
        // The job is durable in the database; a job this worker could not take is swept up later.
        if (!records.isEmpty()) consumer.commitSync();
      }
    } catch (WakeupException e) {
      // shutting down
    } finally {
      consumer.close();
    }
  }

  @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    leases.orphans().forEach(runner::tryStart);
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    if (consumer != null) consumer.wakeup();
  }
}
