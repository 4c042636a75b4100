package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.local.ChildProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it: the launcher process starts everything, prints the
 * address and a key, restarts a service that dies, and a SIGTERM (what Ctrl-C amounts to) stops
 * every child it started.
 */
class LauncherProcessTest {

  @Test
  void launcherStartsTheProductRestartsAServiceThatDiesAndLeavesNothingBehindWhenStopped(
      @TempDir Path data) throws Exception {
    Ports ports = Ports.free();
    Path root = Repo.root();
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dsculptor.home=" + root,
                "-Dsculptor.data=" + data));
    command.addAll(ports.systemProperties());
    command.addAll(
        List.of(
            "-cp",
            root.resolve("local-stack/target/classes")
                + ":"
                + root.resolve("local-stack/target/lib")
                + "/*",
            "dev.sculptor.local.Launcher",
            "start"));
    Process launcher =
        new ProcessBuilder(command)
            .redirectInput(ChildProcesses.NO_INPUT)
            .redirectErrorStream(true)
            .start();
    List<String> output = new CopyOnWriteArrayList<>();
    CompletableFuture.runAsync(
        () -> {
          try (var in = new BufferedReader(new InputStreamReader(launcher.getInputStream()))) {
            for (String line; (line = in.readLine()) != null; ) output.add(line);
          } catch (Exception ignored) {
            // the process ended
          }
        });
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  output.stream().anyMatch(l -> l.contains("press Ctrl-C")) || !launcher.isAlive());
      assertThat(launcher.isAlive()).as("launcher output:%n%s", String.join("\n", output)).isTrue();
      assertThat(output)
          .anyMatch(l -> l.contains("web UI") && l.contains("http://127.0.0.1:" + ports.api()));
      assertThat(output).anyMatch(l -> l.contains("API key") && l.contains("sk-local-"));

      // a service that dies (SIGKILL, as the OOM killer would) is reported on the console and
      // restarted
      ProcessHandle evaluator =
          launcher
              .children()
              .filter(p -> p.info().commandLine().orElse("").contains("dev.sculptor.evaluator"))
              .findFirst()
              .orElseThrow();
      evaluator.destroyForcibly();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  output.stream()
                      .anyMatch(l -> l.startsWith("[sculptor] evaluator is ready again")));
      assertThat(output)
          .anyMatch(
              l -> l.startsWith("[sculptor] evaluator exited (code 137); restarting (1/5) in 1 s"));
      assertThat(launcher.children())
          .anyMatch(p -> p.info().commandLine().orElse("").contains("dev.sculptor.evaluator"));

      List<ProcessHandle> children = launcher.descendants().toList();
      assertThat(children).hasSizeGreaterThanOrEqualTo(3);

      launcher.destroy(); // SIGTERM

      assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("launcher stops within 90 s").isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
      assertThat(isListening(ports.api())).isFalse();
      assertThat(isListening(ports.postgres())).isFalse();
      assertThat(isListening(ports.kafka())).isFalse();
      // PostgreSQL was shut down cleanly (it removes its pid file then), and the data stays for the
      // next run
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !java.nio.file.Files.exists(data.resolve("postgres/postmaster.pid")));
      assertThat(data.resolve("postgres/PG_VERSION")).exists();
      assertThat(data.resolve("keys.properties")).exists();
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  private static boolean isListening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
