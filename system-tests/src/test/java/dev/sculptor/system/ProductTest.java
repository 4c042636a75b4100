package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.local.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole product on the local stack, started once: real PostgreSQL and Kafka, the packaged api,
 * search-worker and evaluator as processes. Tests go through the public REST API as a script would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Path data;
  static LocalStack stack;

  @BeforeAll
  static void start() throws IOException {
    data = Files.createTempDirectory("sculptor-product");
    stack = LocalStack.start(Ports.free().options(Repo.root(), data), Duration.ofMinutes(3), System.out::println);
  }

  @AfterAll
  static void stopAndCheckNothingIsLeft() {
    Map<String, Long> pids = stack.servicePids();
    stack.close();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> pids.values().stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
  }

  @Test
  @Order(1)
  void everyServiceReportsItsDatabaseAndKafkaConnections() throws Exception {
    assertThat(stack.servicePids()).containsOnlyKeys("api", "search-worker", "evaluator");
    for (var health : stack.healthUrls().entrySet()) {
      HttpResponse<String> response =
          HTTP.send(HttpRequest.newBuilder(URI.create(health.getValue())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(health.getKey() + " health: " + response.body()).isEqualTo(200);
      assertThat(response.body()).as(health.getKey() + " health").contains("\"UP\"");
      String body = response.body().toLowerCase();
      assertThat(body).as(health.getKey() + " checks").contains("kafka");
      if (!health.getKey().equals("evaluator")) assertThat(body).as(health.getKey() + " checks").contains("database");
    }
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).header("Authorization", "Bearer " + stack.keys().teamKey()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static JsonNode submit(String body) throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/api/v1/jobs"))
            .header("Authorization", "Bearer " + stack.keys().teamKey()).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("submit: " + response.body()).isEqualTo(202);
    return JSON.readTree(response.body());
  }

  static long count(String sql) throws Exception {
    try (Connection c = stack.postgres().dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
