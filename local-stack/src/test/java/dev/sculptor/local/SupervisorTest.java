package dev.sculptor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real child processes (a shell that sleeps, or one that exits at once). */
class SupervisorTest {
  static final RestartPolicy QUICK =
      new RestartPolicy(2, Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofMillis(200));

  @TempDir Path logs;
  final List<String> said = new CopyOnWriteArrayList<>();
  Supervisor supervisor;

  Supervisor supervisor() {
    supervisor =
        new Supervisor(
            QUICK,
            said::add,
            spec -> ServiceProcess.start(spec, logs, logs),
            Duration.ofSeconds(1));
    return supervisor;
  }

  @AfterEach
  void stopEverything() {
    supervisor.close();
    supervisor.supervised().values().forEach(ServiceProcess::kill);
  }

  static ServiceSpec shell(String name, String script) {
    return new ServiceSpec(name, List.of("sh", "-c", script), Map.of(), 1);
  }

  ServiceProcess watch(ServiceSpec spec) {
    ServiceProcess process = ServiceProcess.start(spec, logs, logs);
    supervisor.watch(spec, process);
    return process;
  }

  @Test
  void aServiceThatDiesIsReportedAndStartedAgain() {
    supervisor();
    ServiceProcess first = watch(shell("sleeper", "exec sleep 60"));

    first.kill();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> supervisor.supervised().get("sleeper") != first);
    ServiceProcess second = supervisor.supervised().get("sleeper");
    assertThat(second.isAlive()).isTrue();
    assertThat(said)
        .first()
        .asString()
        .startsWith("sleeper exited (code 137); restarting (1/2) in 0.1 s");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                said.stream()
                    .anyMatch(l -> l.equals("sleeper restarted (pid " + second.pid() + ")")));
  }

  @Test
  void aServiceStoppedOnPurposeIsNotRestarted() {
    supervisor();
    watch(shell("sleeper", "exec sleep 60"));

    supervisor.release("sleeper").kill();

    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(said::isEmpty);
    assertThat(supervisor.supervised()).isEmpty();
  }

  @Test
  void aServiceThatKeepsDyingIsLeftDownOnceItUsedUpItsRestarts() {
    supervisor();
    watch(shell("crasher", "echo boom; exit 3"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> said.stream().anyMatch(l -> l.contains("not restarting it again")));

    assertThat(said.stream().filter(l -> l.startsWith("crasher exited (code 3); restarting")))
        .hasSize(2);
    assertThat(said.getLast())
        .startsWith(
            "crasher exited (code 3) after 2 restarts within 10 min; not restarting it again")
        .contains("boom");
  }

  @Test
  void nothingIsRestartedOnceTheSupervisorIsClosed() {
    supervisor();
    ServiceProcess process = watch(shell("sleeper", "exec sleep 60"));

    supervisor.close();
    process.kill();

    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(said::isEmpty);
  }
}
