package dev.sculptor.store.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka broker answers; the database check comes with the datasource. */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {
  @ConfigProperty(name = "sculptor.kafka.bootstrap")
  String bootstrap;

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("Kafka connection").withData("bootstrap", bootstrap);
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
      int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
      return builder.up().withData("brokers", nodes).build();
    } catch (Exception e) {
      return builder.down().withData("error", String.valueOf(e.getMessage())).build();
    } 
  }
}
