package dev.sculptor.store.consumer;

import dev.sculptor.messaging.consumer.ConsumerHealth;
import dev.sculptor.messaging.consumer.ConsumerLoop;
import dev.sculptor.messaging.consumer.ConsumerSettings;
import dev.sculptor.messaging.consumer.RecordHandler;
import dev.sculptor.store.deadletter.DeadLetters;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Starts the service's consumer loops with the dead-letter table as their sink, shows them on
 * readiness ({@link ConsumersReadiness}) and closes them at shutdown.
 */
@ApplicationScoped
public class Consumers {
  private static final Logger LOG = Logger.getLogger(Consumers.class);

  @Inject DeadLetters deadLetters;

  private final List<ConsumerLoop> loops = new CopyOnWriteArrayList<>();

  public ConsumerLoop start(ConsumerSettings settings, RecordHandler handler) {
    ConsumerLoop loop = ConsumerLoop.start(settings, handler, deadLetters);
    loops.add(loop);
    return loop;
  }

  public List<ConsumerHealth> health() {
    return loops.stream().map(ConsumerLoop::health).toList();
  }

  void onStop(@Observes ShutdownEvent event) {
    loops.forEach(ConsumerLoop::close);
    // Let each finish the record in hand and leave its group, so a peer takes over at once.
    for (ConsumerLoop loop : loops) {
      try {
        if (!loop.awaitStopped(Duration.ofSeconds(5)))
          LOG.warnf("consumer %s did not stop within 5 s", loop.name());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
