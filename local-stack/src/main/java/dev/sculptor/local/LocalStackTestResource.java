package dev.sculptor.local;

import dev.sculptor.core.job.HardwareTarget;
import dev.sculptor.core.job.HardwareTargets;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Real PostgreSQL and a real KRaft broker for a {@code @QuarkusTest}: use
 * {@code @WithTestResource(LocalStackTestResource.class)}. Both are started once per test
 * resource lifecycle and exposed through the Sculptor config keys (and {@link #kafka()} for tests
 * that stop and restart the broker).
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {
  private static LocalPostgres postgres;
  private static LocalKafka kafka;

  @Override
  public Map<String, String> start() {
    postgres = LocalPostgres.startTemporary();
    kafka = LocalKafka.startTemporary();
    kafka.ensureTopics(HardwareTargets.all().stream().map(HardwareTarget::id).toList());
    return Map.of(
        "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
        "quarkus.datasource.username", LocalPostgres.USER,
        "quarkus.datasource.password", LocalPostgres.PASSWORD,
        "kafka.bootstrap.servers", kafka.bootstrapServers(),
        "sculptor.kafka.bootstrap", kafka.bootstrapServers());
  }

  @Override
  public void stop() {
    if (kafka != null) kafka.close();
    if (postgres != null) postgres.close();
  }

  public static LocalPostgres postgres() {
    return postgres;
  }

  public static LocalKafka kafka() {
    return kafka;
  }
}
