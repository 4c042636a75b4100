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
  private static java.nio.file.Path kafkaDir;
  private static int kafkaPort;

  @Override
  public Map<String, String> start() {
    postgres = LocalPostgres.startTemporary();
    try {
      kafkaDir = java.nio.file.Files.createTempDirectory("sculptor-test-kafka");
      kafkaPort = LocalKafka.freePort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    kafka = LocalKafka.start(kafkaDir, kafkaPort);
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
    LocalKafka.deleteQuietly(kafkaDir);
  }

  /** Stops the broker (an outage, as the services see it); {@link #startKafka} brings it back with its data. */
  public static synchronized void stopKafka() {
    kafka.close();
    kafka = null;
  }

  public static synchronized void startKafka() {
    if (kafka == null) kafka = LocalKafka.start(kafkaDir, kafkaPort);
  }

  public static LocalPostgres postgres() {
    return postgres;
  }

  public static LocalKafka kafka() {
    return kafka;
  }
}
