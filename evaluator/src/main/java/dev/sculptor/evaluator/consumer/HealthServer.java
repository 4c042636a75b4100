package dev.sculptor.evaluator.consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.ConsumerHealth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code /q/health}, {@code /q/health/ready} (Kafka reachable, the request consumer alive) and
 * {@code /q/health/live}, like the Quarkus services.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;
  private final Admin admin;
  private final Supplier<ConsumerHealth> consumer;

  public HealthServer(int port, KafkaClients kafka, Supplier<ConsumerHealth> consumer)
      throws IOException {
    this.consumer = consumer;
    admin = kafka.admin(Duration.ofSeconds(2));
    server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 16);
    server.createContext(
        "/q/health/live",
        e ->
            reply(
                e,
                200,
                "{\"status\":\"UP\",\"checks\":[{\"name\":\"evaluator\",\"status\":\"UP\"}]}"));
    server.createContext("/q/health", this::ready);
    server.start();
  }

  private void ready(HttpExchange exchange) throws IOException {
    String error = null;
    try {
      admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
    } catch (Exception e) {
      error = String.valueOf(e.getMessage()).replace("\"", "'");
    }
    String check =
        error == null
            ? "{\"name\":\"Kafka connection\",\"status\":\"UP\"}"
            : "{\"name\":\"Kafka connection\",\"status\":\"DOWN\",\"data\":{\"error\":\""
                + error
                + "\"}}";
    ConsumerHealth c = consumer.get();
    String consumerCheck =
        "{\"name\":\"Kafka consumers\",\"status\":\""
            + (c.ready() ? "UP" : "DOWN")
            + "\",\"data\":{\""
            + c.name()
            + "\":\""
            + (c.state() + ": " + c.detail())
                .replace("\\", "/")
                .replace("\"", "'")
                .replaceAll("\\p{Cntrl}", " ")
            + "\""
            + (c.ready() ? "" : ",\"down\":\"" + c.name() + "\"")
            + "}}";
    boolean up = error == null && c.ready();
    reply(
        exchange,
        up ? 200 : 503,
        "{\"status\":\""
            + (up ? "UP" : "DOWN")
            + "\",\"checks\":["
            + check
            + ","
            + consumerCheck
            + "]}");
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    admin.close();
  }
}
