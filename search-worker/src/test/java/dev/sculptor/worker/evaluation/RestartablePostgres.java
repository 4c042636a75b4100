package dev.sculptor.worker.evaluation;

import dev.sculptor.core.job.HardwareTarget;
import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.local.LocalKafka;
import dev.sculptor.local.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real PostgreSQL that a test can stop and start again on the same port with its data, and a real broker. */
public class RestartablePostgres implements QuarkusTestResourceLifecycleManager {
  private static Path dataDir;
  private static int port;
  private static LocalPostgres postgres;
  private static LocalKafka kafka;

  @Override
  public Map<String, String> start() {
    try {
      dataDir = Files.createTempDirectory("sculptor-test-pg");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    postgres = LocalPostgres.start(dataDir, port);
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
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary folder; leaving it is harmless
    }
  }

  public static synchronized void stopPostgres() {
    postgres.close();
    postgres = null;
  }

  public static synchronized void startPostgres() {
    if (postgres == null) postgres = LocalPostgres.start(dataDir, port);
  }

  public static LocalKafka kafka() {
    return kafka;
  }
}
