package dev.sculptor.local;

import dev.sculptor.core.job.HardwareTarget;
import dev.sculptor.core.job.HardwareTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole product on one machine: real PostgreSQL and Kafka in this JVM, then the api, one
 * search-worker and one evaluator as child processes built from this repository. Data lives in
 * {@code dataDir} between runs. A service that dies unexpectedly is reported and restarted ({@link
 * Supervisor}, {@link RestartPolicy}). Closing stops everything, children first.
 */
public final class LocalStack implements AutoCloseable {

  /** Where things listen and live. Ports of 0 are not allowed: the services need them up front. */
  public record Options(
      Path repoRoot,
      Path dataDir,
      int apiPort,
      int workerPort,
      int evaluatorPort,
      int postgresPort,
      int kafkaPort) {

    /** Defaults (data in .sculptor/, api on 8080), each overridable by a system property. */
    public static Options defaults(Path repoRoot) {
      return new Options(
          repoRoot,
          Path.of(System.getProperty("sculptor.data", repoRoot.resolve(".sculptor").toString())),
          Integer.getInteger("sculptor.port.api", 8080),
          Integer.getInteger("sculptor.port.worker", 8081),
          Integer.getInteger("sculptor.port.evaluator", 8082),
          Integer.getInteger("sculptor.port.postgres", 55432),
          Integer.getInteger("sculptor.port.kafka", 59092));
    }
  }

  /** The two keys a local user needs; generated once and kept in the data folder. */
  public record Keys(String adminKey, String teamKey) {}

  private final Options options;
  private final Keys keys;
  private final Supervisor supervisor;

  /** How to start each service, started or not (a second worker is added here). */
  private final Map<String, ServiceSpec> specs;

  /** Replaced when a test stops and restarts them; null while stopped. */
  private volatile LocalPostgres postgres;

  private volatile LocalKafka kafka;

  private LocalStack(
      Options options,
      LocalPostgres postgres,
      LocalKafka kafka,
      Keys keys,
      Supervisor supervisor,
      Map<String, ServiceSpec> specs) {
    this.options = options;
    this.specs = new LinkedHashMap<>(specs);
    this.postgres = postgres;
    this.kafka = kafka;
    this.keys = keys;
    this.supervisor = supervisor;
  }

  /**
   * Starts everything and waits until each service reports ready, or fails saying which did not.
   */
  public static LocalStack start(
      Options options, Duration readyTimeout, java.util.function.Consumer<String> say) {
    return start(options, readyTimeout, say, java.util.Set.of("api", "search-worker", "evaluator"));
  }

  /**
   * Starts only the named services (benchmarks of the api alone, say) besides PostgreSQL and Kafka.
   */
  public static LocalStack start(
      Options options,
      Duration readyTimeout,
      java.util.function.Consumer<String> say,
      java.util.Set<String> only) {
    return start(options, readyTimeout, say, only, RestartPolicy.DEFAULT);
  }

  /** As above, restarting a crashed service as {@code restarts} allows. */
  public static LocalStack start(
      Options options,
      Duration readyTimeout,
      java.util.function.Consumer<String> say,
      java.util.Set<String> only,
      RestartPolicy restarts) {
    Path root = options.repoRoot().toAbsolutePath();
    Path data = options.dataDir().toAbsolutePath();
    requireBuilt(root);
    say.accept(
        "starting PostgreSQL on port "
            + options.postgresPort()
            + " (data in "
            + data.resolve("postgres")
            + ")");
    LocalPostgres postgres = LocalPostgres.start(data.resolve("postgres"), options.postgresPort());
    LocalKafka kafka = null;
    List<ServiceProcess> services = new ArrayList<>();
    try {
      say.accept("starting Kafka (KRaft) on port " + options.kafkaPort());
      kafka = LocalKafka.start(data.resolve("kafka"), options.kafkaPort());
      kafka.ensureTopics(HardwareTargets.all().stream().map(HardwareTarget::id).toList());
      Keys keys = keys(data);
      Map<String, String> env = new LinkedHashMap<>();
      env.put("SCULPTOR_DB_URL", postgres.jdbcUrl());
      env.put("SCULPTOR_DB_USER", LocalPostgres.USER);
      env.put("SCULPTOR_DB_PASSWORD", LocalPostgres.PASSWORD);
      env.put("SCULPTOR_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
      env.put("SCULPTOR_ARTIFACT_DIR", data.resolve("artifacts").toString());
      env.put("SCULPTOR_ADMIN_KEY", keys.adminKey());
      env.put("SCULPTOR_LOCAL_TEAM_KEY", keys.teamKey());
      Path logs = data.resolve("logs");
      String java = ProcessHandle.current().info().command().orElse("java");
      Map<String, ServiceSpec> specs = new LinkedHashMap<>();
      specs.put(
          "api",
          spec(
              "api",
              List.of(
                  java, "-jar", root.resolve("api/target/quarkus-app/quarkus-run.jar").toString()),
              env,
              Map.of("QUARKUS_HTTP_PORT", Integer.toString(options.apiPort())),
              options.apiPort()));
      specs.put(
          "search-worker",
          spec(
              "search-worker",
              List.of(
                  java,
                  "-jar",
                  root.resolve("search-worker/target/quarkus-app/quarkus-run.jar").toString()),
              env,
              Map.of("QUARKUS_HTTP_PORT", Integer.toString(options.workerPort())),
              options.workerPort()));
      specs.put(
          "evaluator",
          spec(
              "evaluator",
              evaluatorCommand(java, root),
              env,
              evaluatorEnv(root, options.evaluatorPort()),
              options.evaluatorPort()));

      // The api migrates the schema, so it goes first; the others only need it to exist.
      if (only.contains("api")) {
        services.add(launch(specs.get("api"), root, logs));
        await(services, readyTimeout, say);
      }
      for (String name : List.of("search-worker", "evaluator")) {
        if (only.contains(name)) services.add(launch(specs.get(name), root, logs));
      }
      await(services, readyTimeout, say);
      Supervisor supervisor =
          new Supervisor(restarts, say, spec -> launch(spec, root, logs), readyTimeout);
      services.forEach(s -> supervisor.watch(specs.get(s.name()), s));
      return new LocalStack(options, postgres, kafka, keys, supervisor, specs);
    } catch (RuntimeException | Error e) {
      services.reversed().forEach(ServiceProcess::close);
      if (kafka != null) kafka.close();
      postgres.close();
      throw e;
    }
  }

  private static ServiceSpec spec(
      String name,
      List<String> command,
      Map<String, String> common,
      Map<String, String> own,
      int port) {
    Map<String, String> env = new LinkedHashMap<>(common);
    env.putAll(own);
    return new ServiceSpec(name, command, env, port);
  }

  private static ServiceProcess launch(ServiceSpec spec, Path root, Path logs) {
    return ServiceProcess.start(spec, root, logs);
  }

  static List<String> evaluatorCommand(String java, Path root) {
    Path target = root.resolve("evaluator/target");
    String classpath =
        target.resolve("sculptor-evaluator-0.1.0-SNAPSHOT.jar")
            + ":"
            + target.resolve("lib")
            + "/*";
    return List.of(
        java,
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow",
        "-cp",
        classpath,
        "dev.sculptor.evaluator.cli.Main",
        "serve");
  }

  /** Its port, and the environment libtorch needs, written once in {@code evaluator/native.env}. */
  static Map<String, String> evaluatorEnv(Path root, int port) {
    Map<String, String> env = new LinkedHashMap<>(nativeEnv(root));
    env.put("SCULPTOR_HTTP_PORT", Integer.toString(port));
    return env;
  }

  static Map<String, String> nativeEnv(Path root) {
    Properties file = new Properties();
    try (var in = Files.newInputStream(root.resolve("evaluator/native.env"))) {
      file.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new LinkedHashMap<>();
    file.stringPropertyNames().stream()
        .sorted()
        .forEach(name -> env.put(name, file.getProperty(name)));
    return env;
  }

  private static void requireBuilt(Path root) {
    for (String file :
        List.of(
            "api/target/quarkus-app/quarkus-run.jar",
            "search-worker/target/quarkus-app/quarkus-run.jar",
            "evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar")) {
      if (!Files.exists(root.resolve(file))) {
        throw new IllegalStateException(
            file + " is missing: build first (./sculptor start builds it for you)");
      }
    }
  }

  private static void await(
      List<ServiceProcess> services, Duration timeout, java.util.function.Consumer<String> say) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ServiceProcess> waiting =
        new ArrayList<>(services.stream().filter(s -> !s.isReady()).toList());
    while (!waiting.isEmpty()) {
      for (ServiceProcess s : List.copyOf(waiting)) {
        if (!s.isAlive()) {
          throw new IllegalStateException(
              s.name() + " exited during start; last lines of " + s.log() + ":\n" + s.logTail(30));
        }
        if (s.isReady()) {
          say.accept(s.name() + " is ready (pid " + s.pid() + ", log " + s.log() + ")");
          waiting.remove(s);
        }
      }
      if (System.nanoTime() > deadline) {
        ServiceProcess s = waiting.getFirst();
        throw new IllegalStateException(
            s.name()
                + " was not ready after "
                + timeout.toSeconds()
                + " s; last lines of "
                + s.log()
                + ":\n"
                + s.logTail(30));
      }
      try {
        Thread.sleep(250); // polling a child's health endpoint; nothing to wait on instead
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for services", e);
      }
    }
  }

  private static Keys keys(Path data) {
    Path file = data.resolve("keys.properties");
    Properties props = new Properties();
    try {
      Files.createDirectories(data);
      if (Files.exists(file)) {
        try (var in = Files.newInputStream(file)) {
          props.load(in);
        }
      }
      if (!props.containsKey("admin") || !props.containsKey("team")) {
        props.setProperty("admin", "sk-admin-" + random());
        props.setProperty("team", "sk-local-" + random());
        try (var out = Files.newOutputStream(file)) {
          props.store(
              out,
              "Sculptor local keys: admin creates teams and keys; team is the 'local' team's key");
        }
        file.toFile().setReadable(false, false);
        file.toFile().setReadable(true, true);
      }
      return new Keys(props.getProperty("admin"), props.getProperty("team"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String random() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + options.apiPort();
  }

  public Keys keys() {
    return keys;
  }

  /** The running PostgreSQL (a new object after {@link #startPostgres}). */
  public LocalPostgres postgres() {
    LocalPostgres current = postgres;
    if (current == null) throw new IllegalStateException("PostgreSQL is stopped");
    return current;
  }

  /** The running broker (a new object after {@link #startKafka}). */
  public LocalKafka kafka() {
    LocalKafka current = kafka;
    if (current == null) throw new IllegalStateException("Kafka is stopped");
    return current;
  }

  /** Where the services write their output: one {@code <service>.log} each, restarts appending. */
  public Path logDir() {
    return options.dataDir().toAbsolutePath().resolve("logs");
  }

  /** Process ids of the running services, for callers that check nothing is left behind. */
  public Map<String, Long> servicePids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    supervisor.supervised().forEach((name, process) -> pids.put(name, process.pid()));
    return pids;
  }

  /** Health URL of each running service, by name. */
  public Map<String, String> healthUrls() {
    Map<String, String> urls = new LinkedHashMap<>();
    supervisor
        .supervised()
        .keySet()
        .forEach(
            name -> urls.put(name, "http://127.0.0.1:" + specs.get(name).port() + "/q/health"));
    return urls;
  }

  /**
   * SIGKILLs one service and leaves it down (a crash test that restarts it by hand with {@link
   * #startService}); the supervisor does not restart it.
   */
  public synchronized void kill(String service) {
    supervisor.release(service).kill();
  }

  /**
   * SIGKILLs one service as a crash would, behind the supervisor's back: it restarts the service.
   */
  public synchronized void crash(String service) {
    supervisor.current(service).kill();
  }

  /** SIGTERM (what an operator's stop sends), then SIGKILL after a grace period; not restarted. */
  public synchronized void stop(String service) {
    supervisor.release(service).close();
  }

  /** Starts a stopped service again with the same command and settings, and waits until ready. */
  public synchronized void startService(String service, Duration readyTimeout) {
    ServiceSpec spec = specs.get(service);
    if (spec == null) throw new IllegalArgumentException("unknown service " + service);
    if (supervisor.isSupervised(service))
      throw new IllegalStateException(service + " is running (or being restarted)");
    startAndWatch(spec, readyTimeout);
  }

  /**
   * Starts one more search-worker (its own port and worker id, the same database and broker), waits
   * until it is ready and supervises it like the others. Returns its service name.
   */
  public synchronized String startAnotherWorker(Duration readyTimeout) {
    ServiceSpec first = specs.get("search-worker");
    if (first == null) throw new IllegalStateException("this stack has no search-worker to copy");
    int n = 2;
    while (specs.containsKey("search-worker-" + n)) n++;
    String name = "search-worker-" + n;
    int port = FreePorts.next();
    ServiceSpec spec =
        first.another(
            name,
            port,
            Map.of("QUARKUS_HTTP_PORT", Integer.toString(port), "SCULPTOR_WORKER_ID", name));
    startAndWatch(spec, readyTimeout);
    specs.put(name, spec);
    return name;
  }

  /**
   * Starts one more evaluator serving {@code target} (its own port, id and result log; the same
   * broker and artifact store), waits until it is ready and supervises it. An x86 machine is not an
   * evaluator of another target, so this one runs with {@code SCULPTOR_TARGET_CHECK=off}: a test
   * stand-in whose numbers still name the CPU they were measured on. Returns its service name.
   */
  public synchronized String startAnotherEvaluator(String target, Duration readyTimeout) {
    return startAnotherEvaluator(target, readyTimeout, null, Map.of());
  }

  /**
   * As {@link #startAnotherEvaluator(String, Duration)}, run by {@code java} instead of this JVM's
   * launcher when not null (one that runs it on an emulated machine, say), with {@code settings}
   * added to or replacing its environment ({@code SCULPTOR_TARGET_CHECK=on} for a machine that is
   * the target).
   */
  public synchronized String startAnotherEvaluator(
      String target, Duration readyTimeout, String java, Map<String, String> settings) {
    ServiceSpec first = specs.get("evaluator");
    if (first == null) throw new IllegalStateException("this stack has no evaluator to copy");
    String name = "evaluator-" + target;
    if (specs.containsKey(name))
      throw new IllegalStateException(name + " exists: restart it with startService");
    int port = FreePorts.next();
    Map<String, String> env =
        new LinkedHashMap<>(
            Map.of(
                "SCULPTOR_HTTP_PORT",
                Integer.toString(port),
                "SCULPTOR_TARGET",
                target,
                "SCULPTOR_EVALUATOR_ID",
                name,
                "SCULPTOR_TARGET_CHECK",
                "off"));
    env.putAll(settings);
    ServiceSpec spec = first.another(name, port, env);
    if (java != null) spec = spec.runBy(java);
    startAndWatch(spec, readyTimeout);
    specs.put(name, spec);
    return name;
  }

  private void startAndWatch(ServiceSpec spec, Duration readyTimeout) {
    ServiceProcess fresh = launch(spec, options.repoRoot().toAbsolutePath(), logDir());
    try {
      await(List.of(fresh), readyTimeout, line -> {});
    } catch (RuntimeException e) {
      fresh.close();
      throw e;
    }
    supervisor.watch(spec, fresh);
  }

  /**
   * Stops PostgreSQL (an outage, as the services see it); {@link #startPostgres} brings it back.
   */
  public synchronized void stopPostgres() {
    postgres().close();
    postgres = null;
  }

  /** Starts PostgreSQL again on the same port with the same data. */
  public synchronized void startPostgres() {
    if (postgres != null) throw new IllegalStateException("PostgreSQL is running");
    postgres =
        LocalPostgres.start(
            options.dataDir().toAbsolutePath().resolve("postgres"), options.postgresPort());
  }

  /**
   * Stops the Kafka broker (an outage, as the services see it); {@link #startKafka} brings it back.
   */
  public synchronized void stopKafka() {
    kafka().close();
    kafka = null;
  }

  /** Starts the broker again on the same ports with the same log. */
  public synchronized void startKafka() {
    if (kafka != null) throw new IllegalStateException("Kafka is running");
    kafka =
        LocalKafka.start(options.dataDir().toAbsolutePath().resolve("kafka"), options.kafkaPort());
  }

  /**
   * Stops supervising first (so no stop below looks like a crash), then the services, Kafka and
   * PostgreSQL.
   */
  @Override
  public synchronized void close() {
    supervisor.close();
    supervisor.supervised().values().stream().toList().reversed().forEach(ServiceProcess::close);
    if (kafka != null) kafka.close();
    if (postgres != null) postgres.close();
    kafka = null;
    postgres = null;
  }
}
