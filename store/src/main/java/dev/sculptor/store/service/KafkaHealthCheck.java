package dev.sculptor.store.service;

import dev.sculptor.messaging.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka broker answers; the database check comes with the datasource. */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {
  @Inject KafkaClients kafka;

  @Override
  public HealthCheckResponse call() {
    var builder =
        HealthCheckResponse.named("Kafka connection").withData("bootstrap", kafka.bootstrap());
    try (Admin admin = kafka.admin(Duration.ofSeconds(2))) {
      int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
      return builder.up().withData("brokers", nodes).build();
    } catch (Exception e) {
      return builder.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
