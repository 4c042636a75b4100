package dev.sculptor.local;

import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.topics.TopicLayout;
import dev.sculptor.messaging.topics.TopicSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), in this JVM. With a
 * log folder it keeps its data between starts. {@link #ensureTopics} creates Sculptor's topics.
 */
public final class LocalKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final int port;
  private final Path logDir;
  private final boolean temporary;

  private LocalKafka(KafkaRaftServer server, int port, Path logDir, boolean temporary) {
    this.server = server;
    this.port = port;
    this.logDir = logDir;
    this.temporary = temporary;
  }

  /**
   * Starts on {@code port} (0 picks a free one) with its log in {@code logDir} (null: temporary).
   */
  /**
   * The broker logs a great deal at INFO; keep its own loggers at WARNING (held so they stay
   * configured).
   */
  private static final List<java.util.logging.Logger> QUIET =
      List.of(
          java.util.logging.Logger.getLogger("kafka"),
          java.util.logging.Logger.getLogger("org.apache.kafka"),
          java.util.logging.Logger.getLogger("state.change.logger"));

  public static LocalKafka start(Path logDir, int port) {
    QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
    try {
      boolean temporary = logDir == null;
      Path dir = temporary ? Files.createTempDirectory("sculptor-kafka") : logDir;
      Files.createDirectories(dir);
      int brokerPort = port > 0 ? port : FreePorts.next();
      int controllerPort = FreePorts.next();
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      props.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("log.dirs", dir.resolve("data").toString());
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "4");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("num.partitions", "1");
      props.put("auto.create.topics.enable", "true");
      props.put("log.retention.hours", "168");
      Path cfg = dir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(cfg)) {
        props.store(out, "Sculptor local Kafka (KRaft)");
      }
      // Formatting is idempotent; a restart reuses the same cluster id and keeps the data.
      StorageTool.execute(
          new String[] {"format", "-t", clusterId(dir), "-c", cfg.toString(), "--ignore-formatted"},
          new PrintStream(OutputStream.nullOutputStream()));
      KafkaRaftServer server =
          new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      return new LocalKafka(server, brokerPort, dir, temporary);
    } catch (IOException e) {
      throw new UncheckedIOException("Kafka did not start: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("Kafka did not start: " + e.getMessage(), e);
    }
  }

  public static LocalKafka startTemporary() {
    return start(null, 0);
  }

  private static String clusterId(Path dir) throws IOException {
    Path idFile = dir.resolve("cluster.id");
    if (Files.exists(idFile)) return Files.readString(idFile).trim();
    String id = Uuid.randomUuid().toString();
    Files.writeString(idFile, id);
    return id;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Creates Sculptor's topics (and one evaluate topic per target) if they do not exist yet. */
  public void ensureTopics(List<String> hardwareTargets) {
    ensureTopics(hardwareTargets, TopicLayout.local());
  }

  /** As above with {@code layout}'s partitions, raising an evaluate topic's that has fewer. */
  public TopicSetup.Changes ensureTopics(List<String> hardwareTargets, TopicLayout layout) {
    try (Admin admin = KafkaClients.of(bootstrapServers()).admin(Duration.ofSeconds(30))) {
      return TopicSetup.ensure(admin, layout, hardwareTargets);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer while creating topics", e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (temporary) deleteQuietly(logDir);
  }

  static void deleteQuietly(Path dir) {
    if (dir == null) return;
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }
}
