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
 * {@code dataDir} between runs. Closing stops everything, children first.
 */
public final class LocalStack implements AutoCloseable {

  /** Where things listen and live. Ports of 0 are not allowed: the services need them up front. */
  public record Options(
      Path repoRoot, Path dataDir, int apiPort, int workerPort, int evaluatorPort, int postgresPort, int kafkaPort) {

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
  private final LocalPostgres postgres;
  private final LocalKafka kafka;
  private final Keys keys;
  /** How to start one service: enough to start it again after a crash. */
  private record ServiceSpec(String name, List<String> command, Map<String, String> env, int port) {}

  private final List<ServiceProcess> services;
  private final Map<String, ServiceSpec> specs;

  private LocalStack(Options options, LocalPostgres postgres, LocalKafka kafka, Keys keys,
      List<ServiceProcess> services, Map<String, ServiceSpec> specs) {
    this.options = options;
    this.postgres = postgres;
    this.kafka = kafka;
    this.keys = keys;
    this.services = new ArrayList<>(services);
    this.specs = specs;
  }

  /** Starts everything and waits until each service reports ready, or fails saying which did not. */
  public static LocalStack start(Options options, Duration readyTimeout, java.util.function.Consumer<String> say) {
    return start(options, readyTimeout, say, java.util.Set.of("api", "search-worker", "evaluator"));
  }

  /** Starts only the named services (benchmarks of the api alone, say) besides PostgreSQL and Kafka. */
  public static LocalStack start(Options options, Duration readyTimeout, java.util.function.Consumer<String> say,
      java.util.Set<String> only) {
    Path root = options.repoRoot().toAbsolutePath();
    Path data = options.dataDir().toAbsolutePath();
    requireBuilt(root);
    say.accept("starting PostgreSQL on port " + options.postgresPort() + " (data in " + data.resolve("postgres") + ")");
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
      specs.put("api", spec("api", List.of(java, "-jar", root.resolve("api/target/quarkus-app/quarkus-run.jar").toString()),
          env, Map.of("QUARKUS_HTTP_PORT", Integer.toString(options.apiPort())), options.apiPort()));
      specs.put("search-worker", spec("search-worker",
          List.of(java, "-jar", root.resolve("search-worker/target/quarkus-app/quarkus-run.jar").toString()),
          env, Map.of("QUARKUS_HTTP_PORT", Integer.toString(options.workerPort())), options.workerPort()));
      specs.put("evaluator", spec("evaluator", evaluatorCommand(java, root), env,
          evaluatorEnv(options.evaluatorPort()), options.evaluatorPort()));

      // The api migrates the schema, so it goes first; the others only need it to exist.
      if (only.contains("api")) {
        services.add(launch(specs.get("api"), root, logs));
        await(services, readyTimeout, say);
      }
      for (String name : List.of("search-worker", "evaluator")) {
        if (only.contains(name)) services.add(launch(specs.get(name), root, logs));
      }
      await(services, readyTimeout, say);
      return new LocalStack(options, postgres, kafka, keys, services, specs);
    } catch (RuntimeException | Error e) {
      services.reversed().forEach(ServiceProcess::close);
      if (kafka != null) kafka.close();
      postgres.close();
      throw e;
    }
  }

  private static ServiceSpec spec(String name, List<String> command, Map<String, String> common,
      Map<String, String> own, int port) {
    Map<String, String> env = new LinkedHashMap<>(common);
    env.putAll(own);
    return new ServiceSpec(name, command, Map.copyOf(env), port);
  }

  private static ServiceProcess launch(ServiceSpec spec, Path root, Path logs) {
    return ServiceProcess.start(spec.name(), spec.command(), spec.env(), root, spec.port(), logs);
  }

  static List<String> evaluatorCommand(String java, Path root) {
    Path target = root.resolve("evaluator/target");
    String classpath = target.resolve("sculptor-evaluator-0.1.0-SNAPSHOT.jar") + ":" + target.resolve("lib") + "/*";
    return List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
        "-cp", classpath, "dev.sculptor.evaluator.cli.Main", "serve");
  }

  /** libtorch needs these on this CPU (see INFRA.md): no NaN conv gradients, no slow malloc. */
  static Map<String, String> evaluatorEnv(int port) {
    return Map.of(
        "SCULPTOR_HTTP_PORT", Integer.toString(port),
        "ONEDNN_MAX_CPU_ISA", "AVX2",
        "MALLOC_MMAP_THRESHOLD_", "33554432",
        "MALLOC_TRIM_THRESHOLD_", "1073741824",
        "MALLOC_TOP_PAD_", "268435456");
  }

  private static void requireBuilt(Path root) {
    for (String file : List.of("api/target/quarkus-app/quarkus-run.jar",
        "search-worker/target/quarkus-app/quarkus-run.jar", "evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar")) {
      if (!Files.exists(root.resolve(file))) {
        throw new IllegalStateException(file + " is missing: build first (./sculptor start builds it for you)");
      }
    }
  }

  private static void await(List<ServiceProcess> services, Duration timeout, java.util.function.Consumer<String> say) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ServiceProcess> waiting = new ArrayList<>(services.stream().filter(s -> !s.isReady()).toList());
    while (!waiting.isEmpty()) {
      for (ServiceProcess s : List.copyOf(waiting)) {
        if (!s.isAlive()) {
          throw new IllegalStateException(s.name() + " exited during start; last lines of " + s.log() + ":\n" + s.logTail(30));
        }
        if (s.isReady()) {
          say.accept(s.name() + " is ready (pid " + s.pid() + ", log " + s.log() + ")");
          waiting.remove(s);
        }
      }
      if (System.nanoTime() > deadline) {
        ServiceProcess s = waiting.getFirst();
        throw new IllegalStateException(s.name() + " was not ready after " + timeout.toSeconds() + " s; last lines of "
            + s.log() + ":\n" + s.logTail(30));
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
          props.store(out, "Sculptor local keys: admin creates teams and keys; team is the 'local' team's key");
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

  public LocalPostgres postgres() {
    return postgres;
  }

  public LocalKafka kafka() {
    return kafka;
  }

  /** Process ids of the services, for callers that check nothing is left behind. */
  public synchronized Map<String, Long> servicePids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    services.forEach(s -> pids.put(s.name(), s.pid()));
    return pids;
  }

  /** Health URL of each service, by name. */
  public Map<String, String> healthUrls() {
    return Map.of(
        "api", "http://127.0.0.1:" + options.apiPort() + "/q/health",
        "search-worker", "http://127.0.0.1:" + options.workerPort() + "/q/health",
        "evaluator", "http://127.0.0.1:" + options.evaluatorPort() + "/q/health");
  }

  /** SIGKILLs one service (for crash tests); {@link #startService} brings a new one up. */
  public synchronized void kill(String service) {
    ServiceProcess process = find(service);
    process.kill();
    services.remove(process);
  }

  /** Starts a new process of a service with the same command and settings, and waits until ready. */
  public synchronized void startService(String service, Duration readyTimeout) {
    ServiceSpec spec = specs.get(service);
    if (spec == null) throw new IllegalArgumentException("unknown service " + service);
    ServiceProcess fresh = launch(spec, options.repoRoot().toAbsolutePath(), options.dataDir().toAbsolutePath().resolve("logs"));
    services.add(fresh);
    await(List.of(fresh), readyTimeout, line -> {});
  }

  private ServiceProcess find(String service) {
    return services.stream().filter(s -> s.name().equals(service)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no running service " + service));
  }

  @Override
  public synchronized void close() {
    services.reversed().forEach(ServiceProcess::close);
    kafka.close();
    postgres.close();
  }
}
