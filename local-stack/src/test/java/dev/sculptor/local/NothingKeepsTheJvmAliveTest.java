package dev.sculptor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A test JVM must exit promptly after its last test (Surefire waits for it): once closed, the
 * in-JVM broker, PostgreSQL and the supervisor leave no non-daemon thread running, even after the
 * broker was stopped and started again as the fault tests do.
 */
class NothingKeepsTheJvmAliveTest {

  @Test
  void closingKafkaPostgresAndTheSupervisorLeavesNoNonDaemonThread() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    Path kafkaDir = Files.createTempDirectory("sculptor-threads-kafka");
    int kafkaPort = FreePorts.next();
    try {
      LocalPostgres postgres = LocalPostgres.startTemporary();
      LocalKafka kafka = LocalKafka.start(kafkaDir, kafkaPort);
      kafka.ensureTopics(List.of("host-cpu"));
      kafka.close();
      kafka =
          LocalKafka.start(kafkaDir, kafkaPort); // same log and port, as LocalStack.startKafka does
      kafka.ensureTopics(List.of("host-cpu"));
      Supervisor supervisor =
          new Supervisor(
              RestartPolicy.DEFAULT,
              line -> {},
              spec -> {
                throw new UnsupportedOperationException();
              },
              Duration.ofSeconds(1));

      supervisor.close();
      kafka.close();
      postgres.close();
    } finally {
      LocalKafka.deleteQuietly(kafkaDir);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        nonDaemonThreads().stream()
                            .filter(t -> !before.contains(t))
                            .map(Thread::getName)
                            .toList())
                    .as("non-daemon threads left running")
                    .isEmpty());
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && !t.getName().startsWith("awaitility"))
        .collect(Collectors.toSet());
  }
}
