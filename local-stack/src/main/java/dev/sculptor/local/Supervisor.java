package dev.sculptor.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps the local stack's services running. A watched service that exits without having been
 * stopped through {@link #release} is reported through {@code say} and started again as the {@link
 * RestartPolicy} allows. Its one thread is a daemon, so it never holds a JVM open.
 */
final class Supervisor implements AutoCloseable {
  private final RestartPolicy policy;
  private final Consumer<String> say;
  private final Function<ServiceSpec, ServiceProcess> launch;
  private final Duration readyTimeout;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("sculptor-supervisor").unstarted(r));

  /** Ctrl-C reaches the children as well as the launcher: their exits then are no crashes. */
  private final Thread shutdownFlag = new Thread(this::markClosed, "sculptor-supervisor-shutdown");

  private final Map<String, Watched> services = new LinkedHashMap<>(); // guarded by this
  private boolean closed; // guarded by this

  /** One service: how to start it, its current process, and whether we stopped it on purpose. */
  private static final class Watched {
    final ServiceSpec spec;
    final List<Instant> restarts = new ArrayList<>();
    ServiceProcess process;
    boolean stopped;

    Watched(ServiceSpec spec) {
      this.spec = spec;
    }
  }

  Supervisor(
      RestartPolicy policy,
      Consumer<String> say,
      Function<ServiceSpec, ServiceProcess> launch,
      Duration readyTimeout) {
    this.policy = policy;
    this.say = say;
    this.launch = launch;
    this.readyTimeout = readyTimeout;
    Runtime.getRuntime().addShutdownHook(shutdownFlag);
  }

  /**
   * Watches {@code process} (started from {@code spec}) from now on, replacing any earlier process
   * of that name.
   */
  synchronized void watch(ServiceSpec spec, ServiceProcess process) {
    if (closed) throw new IllegalStateException("the supervisor is closed");
    Watched watched = services.computeIfAbsent(spec.name(), name -> new Watched(spec));
    watched.process = process;
    watched.stopped = false;
    follow(watched, process);
  }

  /** True if {@code name} is watched and not stopped (running, or about to be restarted). */
  synchronized boolean isSupervised(String name) {
    Watched watched = services.get(name);
    return watched != null && !watched.stopped;
  }

  /** The current process of a supervised service; killing it is a crash, and it gets restarted. */
  synchronized ServiceProcess current(String name) {
    Watched watched = services.get(name);
    if (watched == null || watched.stopped)
      throw new IllegalArgumentException("no running service " + name);
    return watched.process;
  }

  /**
   * Marks {@code name} stopped on purpose, so it is not restarted, and returns its process to stop.
   */
  synchronized ServiceProcess release(String name) {
    ServiceProcess process = current(name);
    services.get(name).stopped = true;
    return process;
  }

  /** The current process of every supervised service, in the order they were first watched. */
  synchronized Map<String, ServiceProcess> supervised() {
    Map<String, ServiceProcess> current = new LinkedHashMap<>();
    services.forEach(
        (name, w) -> {
          if (!w.stopped) current.put(name, w.process);
        });
    return current;
  }

  private void follow(Watched watched, ServiceProcess process) {
    try {
      process.onExit().thenRunAsync(() -> exited(watched, process), timer);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: nothing to restart
    }
  }

  private synchronized void exited(Watched watched, ServiceProcess dead) {
    if (closed || watched.stopped || watched.process != dead) return;
    String name = watched.spec.name();
    String exit = name + " exited (code " + dead.exitCode() + ")";
    Instant now = Instant.now();
    watched.restarts.removeIf(t -> t.isBefore(now.minus(policy.window())));
    switch (policy.onExit(watched.restarts, now)) {
      case RestartPolicy.Restart restart -> {
        say.accept(
            exit
                + "; restarting ("
                + restart.attempt()
                + "/"
                + restart.limit()
                + ") in "
                + seconds(restart.delay())
                + " (log "
                + dead.log()
                + ")");
        timer.schedule(
            () -> restart(watched, dead), restart.delay().toMillis(), TimeUnit.MILLISECONDS);
      }
      case RestartPolicy.GiveUp giveUp ->
          say.accept(
              exit
                  + " after "
                  + giveUp.restarts()
                  + " restarts within "
                  + giveUp.window().toMinutes()
                  + " min; not restarting it again. Last lines of "
                  + dead.log()
                  + ":\n"
                  + dead.logTail(20));
    }
  }

  private void restart(Watched watched, ServiceProcess dead) {
    ServiceProcess fresh;
    synchronized (this) {
      if (closed || watched.stopped || watched.process != dead) return;
      watched.restarts.add(Instant.now());
      try {
        fresh = launch.apply(watched.spec);
      } catch (RuntimeException e) {
        say.accept("could not restart " + watched.spec.name() + ": " + e.getMessage());
        return;
      }
      watched.process = fresh;
      follow(watched, fresh);
    }
    say.accept(watched.spec.name() + " restarted (pid " + fresh.pid() + ")");
    awaitReady(watched, fresh, System.nanoTime() + readyTimeout.toNanos());
  }

  /** Polls the restarted process's readiness without holding the lock, and says when it is back. */
  private void awaitReady(Watched watched, ServiceProcess process, long deadline) {
    synchronized (this) {
      if (closed || watched.process != process || !process.isAlive())
        return; // its exit is handled on its own
    }
    if (process.isReady()) {
      say.accept(watched.spec.name() + " is ready again (pid " + process.pid() + ")");
    } else if (System.nanoTime() > deadline) {
      say.accept(
          watched.spec.name()
              + " is not ready "
              + readyTimeout.toSeconds()
              + " s after its restart (log "
              + process.log()
              + ")");
    } else {
      try {
        timer.schedule(() -> awaitReady(watched, process, deadline), 500, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closed meanwhile
      }
    }
  }

  private static String seconds(Duration delay) {
    return delay.toMillis() % 1000 == 0
        ? delay.toSeconds() + " s"
        : String.format(Locale.ROOT, "%.1f s", delay.toMillis() / 1000.0);
  }

  private synchronized void markClosed() {
    closed = true;
  }

  /**
   * Stops supervising (no restarts from now on); stopping the processes is the caller's business.
   */
  @Override
  public void close() {
    markClosed();
    timer.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownFlag);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook has run or is running
    }
  }
}
