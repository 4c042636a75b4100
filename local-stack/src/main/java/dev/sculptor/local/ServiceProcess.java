package dev.sculptor.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One Sculptor service running as a child process, its output in a log file. */
final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final URI health;
  private final Path log;

  private ServiceProcess(String name, Process process, URI health, Path log) {
    this.name = name;
    this.process = process;
    this.health = health;
    this.log = log;
  }

  /**
   * Starts {@code spec} in {@code workDir}; its output is appended to {@code <name>.log} in {@code
   * logDir}.
   */
  static ServiceProcess start(ServiceSpec spec, Path workDir, Path logDir) {
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(spec.name() + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(spec.command())
              .directory(workDir.toFile())
              .redirectInput(ChildProcesses.NO_INPUT)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(spec.env());
      builder
          .environment()
          .put("SCULPTOR_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
      return new ServiceProcess(
          spec.name(),
          builder.start(),
          URI.create("http://127.0.0.1:" + spec.port() + "/q/health/ready"),
          log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  /** SIGKILL, as a crash would: no shutdown hooks, no graceful anything. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Completes when the process has exited, however it ended. */
  java.util.concurrent.CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** The exit status once it has exited; a death by signal N reads 128 + N, as in a shell. */
  int exitCode() {
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** True once {@code /q/health/ready} answers 200. */
  boolean isReady() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Last lines of the log, to explain a failed start. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, a grace period, then SIGKILL; children of the service too. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
