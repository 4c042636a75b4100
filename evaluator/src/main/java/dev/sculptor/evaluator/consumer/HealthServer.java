package dev.sculptor.evaluator.consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** {@code /q/health}, {@code /q/health/ready} (Kafka reachable) and {@code /q/health/live}, like the Quarkus services. */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;
  private final Admin admin;

  public HealthServer(int port, String bootstrap) throws IOException {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000));
    server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 16);
    server.createContext("/q/health/live", e -> reply(e, 200, "{\"status\":\"UP\",\"checks\":[{\"name\":\"evaluator\",\"status\":\"UP\"}]}"));
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
    String check = error == null
        ? "{\"name\":\"Kafka connection\",\"status\":\"UP\"}"
        : "{\"name\":\"Kafka connection\",\"status\":\"DOWN\",\"data\":{\"error\":\"" + error + "\"}}";
    String status = error == null ? "UP" : "DOWN";
    reply(exchange, error == null ? 200 : 503, "{\"status\":\"" + status + "\",\"checks\":[" + check + "]}");
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
