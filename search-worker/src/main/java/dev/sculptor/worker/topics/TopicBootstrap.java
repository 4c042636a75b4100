package dev.sculptor.worker.topics;

import dev.sculptor.core.job.HardwareTarget;
import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.topics.TopicLayout;
import dev.sculptor.messaging.topics.TopicSetup;
import dev.sculptor.worker.WorkerSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/**
 * The worker sends evaluation requests, so it makes sure their topics exist with {@code
 * sculptor.kafka.evaluate-partitions} partitions (and the other topics too) when it starts: a
 * broker that auto-creates topics would give them its own default, often 1, which would let only
 * one evaluator per target work. Runs in the background and retries until the broker answers, so a
 * worker still starts while Kafka is away.
 */
@ApplicationScoped
public class TopicBootstrap {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(TopicBootstrap.class);

  @Inject KafkaClients kafka;
  @Inject WorkerSettings settings;

  private volatile Thread thread;

  void onStart(@Observes StartupEvent event) {
    TopicLayout layout =
        new TopicLayout(
            settings.topics().evaluatePartitions(), settings.topics().replicationFactor());
    thread = Thread.ofVirtual().name("topic-bootstrap").start(() -> run(layout));
  }

  void onStop(@Observes ShutdownEvent event) {
    Thread running = thread;
    if (running != null) running.interrupt();
  }

  private void run(TopicLayout layout) {
    Duration pause = Duration.ofMillis(500);
    while (!Thread.currentThread().isInterrupted()) {
      try (Admin admin = kafka.admin(Duration.ofSeconds(30))) {
        TopicSetup.Changes changes =
            TopicSetup.ensure(
                admin, layout, HardwareTargets.all().stream().map(HardwareTarget::id).toList());
        if (changes.none()) {
          LOG.debugf("Kafka topics already match %s", layout);
        } else {
          LOG.infof(
              "Kafka topics set up for %s: created %s, partitions raised %s",
              layout, changes.created(), changes.grownTo());
        }
        return;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
        LOG.warnf(
            "Kafka topics not set up yet (%s); trying again in %d ms",
            e.getMessage(), pause.toMillis());
        try {
          Thread.sleep(pause); // the broker is away: nothing to wait on but time
        } catch (InterruptedException stop) {
          return;
        }
        pause =
            pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : pause.multipliedBy(2);
      }
    }
  }
}
