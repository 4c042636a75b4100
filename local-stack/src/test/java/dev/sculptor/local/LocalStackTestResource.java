package dev.sculptor.local;

import dev.sculptor.core.job.HardwareTarget;
import dev.sculptor.core.job.HardwareTargets;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Real PostgreSQL and a real KRaft broker for a {@code @QuarkusTest}: use
 * {@code @WithTestResource(LocalStackTestResource.class)}. Both are started once per test resource
 * lifecycle and exposed through the Sculptor config keys. Tests of outages stop and restart either
 * on the same port with its data ({@link #stopKafka()}, {@link #stopPostgres()}).
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {
  private static LocalPostgres postgres;
  private static java.nio.file.Path postgresDir;
  private static int postgresPort;
  private static LocalKafka kafka;
  private static java.nio.file.Path kafkaDir;
  private static int kafkaPort;

  @Override
  public Map<String, String> start() {
    try {
      postgresDir = java.nio.file.Files.createTempDirectory("sculptor-test-pg");
      postgresPort = FreePorts.next();
      kafkaDir = java.nio.file.Files.createTempDirectory("sculptor-test-kafka");
      kafkaPort = FreePorts.next();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    postgres = LocalPostgres.start(postgresDir, postgresPort);
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
    LocalKafka.deleteQuietly(postgresDir);
  }

  /**
   * Stops PostgreSQL (an outage, as the services see it); {@link #startPostgres} brings it back
   * with its data.
   */
  public static synchronized void stopPostgres() {
    postgres.close();
    postgres = null;
  }

  public static synchronized void startPostgres() {
    if (postgres == null) postgres = LocalPostgres.start(postgresDir, postgresPort);
  }

  /**
   * Stops the broker (an outage, as the services see it); {@link #startKafka} brings it back with
   * its data.
   */
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
