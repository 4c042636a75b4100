package dev.sculptor.store.consumer;

import dev.sculptor.messaging.consumer.ConsumerHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while one of this service's consumers is dead and waiting to be restarted; names it.
 */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {
  @Inject Consumers consumers;

  @Override
  public HealthCheckResponse call() {
    List<ConsumerHealth> all = consumers.health();
    var builder = HealthCheckResponse.named("Kafka consumers");
    for (ConsumerHealth h : all) builder.withData(h.name(), h.state() + ": " + h.detail());
    List<String> down = all.stream().filter(h -> !h.ready()).map(ConsumerHealth::name).toList();
    if (down.isEmpty()) return builder.up().build();
    return builder.down().withData("down", down.stream().collect(Collectors.joining(", "))).build();
  }
}
