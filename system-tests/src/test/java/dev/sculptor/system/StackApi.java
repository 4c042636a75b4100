package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.local.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The REST calls a whole-product test makes as the stack's team: read, submit a job, wait for its
 * end.
 */
final class StackApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private StackApi() {}

  static JsonNode get(LocalStack stack, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Authorization", "Bearer " + stack.keys().teamKey())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** POSTs an empty body to {@code path}; it must be accepted (202). */
  static JsonNode postAccepted(LocalStack stack, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Authorization", "Bearer " + stack.keys().teamKey())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(202);
    return JSON.readTree(response.body());
  }

  /** Submits a job; it must be accepted (202). */
  static JsonNode submit(LocalStack stack, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + stack.keys().teamKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("submit: " + response.body()).isEqualTo(202);
    return JSON.readTree(response.body());
  }

  /**
   * The job's last state once it ended; if it did not in time, the services' log tails (in {@code
   * data}) are printed.
   */
  static JsonNode awaitEnd(LocalStack stack, Path data, String id, Duration limit) {
    return awaitEnd(stack, data, id, limit, List.of("search-worker", "evaluator"));
  }

  /** As above, printing the log tails of these services if the job did not end in time. */
  static JsonNode awaitEnd(
      LocalStack stack, Path data, String id, Duration limit, List<String> services) {
    JsonNode[] last = new JsonNode[1];
    try {
      await()
          .atMost(limit)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                last[0] = get(stack, "/api/v1/jobs/" + id);
                return ENDED.contains(last[0].path("status").asText());
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      System.out.println("job " + id + " did not finish; last seen: " + last[0]);
      for (String service : services)
        ProductTest.printTail(data.resolve("logs").resolve(service + ".log"), 60);
      throw e;
    }
    return last[0];
  }
}
