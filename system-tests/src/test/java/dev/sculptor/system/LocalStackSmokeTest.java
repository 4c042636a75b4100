package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.local.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole product on the local stack: every service healthy, then stopped with no process left. */
class LocalStackSmokeTest {

  @Test
  void allServicesReportHealthyDatabaseAndKafkaThenStopCleanly(@TempDir Path data) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Long> pids;
    try (LocalStack stack = LocalStack.start(Ports.free().options(Repo.root(), data), Duration.ofMinutes(3), System.out::println)) {
      pids = stack.servicePids();
      assertThat(pids).containsOnlyKeys("api", "search-worker", "evaluator");
      for (var health : stack.healthUrls().entrySet()) {
        HttpResponse<String> response =
            http.send(HttpRequest.newBuilder(URI.create(health.getValue())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(health.getKey() + " health").isEqualTo(200);
        assertThat(response.body()).as(health.getKey() + " health").contains("\"UP\"");
        if (!health.getKey().equals("evaluator")) {
          assertThat(response.body().toLowerCase()).as(health.getKey() + " checks").contains("database", "kafka");
        } else {
          assertThat(response.body().toLowerCase()).as("evaluator checks").contains("kafka");
        }
      }
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> pids.values().stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
  }
}
