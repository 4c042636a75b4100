package dev.sculptor.api.events;

import static dev.sculptor.api.ApiClientAccess.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Open event streams cost no database connection: with 100 of them open, the rest of the api keeps
 * answering; one stream over a key's limit is refused with 429.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class EventStreamsUnderLoadTest {
  static final int KEYS = 5;
  static final int PER_KEY = 20; // sculptor.sse.max-streams-per-key

  @TestHTTPResource("/")
  URL base;

  @Test
  void aHundredOpenStreamsLeaveTheApiAnsweringAndTheNextOneOverTheLimitGets429() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> keys = new ArrayList<>();
    List<String> jobs = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      String key = ApiClientAccess.newTeam("streams-" + k + "-" + System.nanoTime());
      keys.add(key);
      jobs.add(
          as(key)
              .contentType("application/json")
              .body(ApiClientAccess.VALID_JOB)
              .post("/api/v1/jobs")
              .then()
              .statusCode(202)
              .extract()
              .path("id"));
    }
    List<InputStream> open = new ArrayList<>();
    List<String> firstLines = new CopyOnWriteArrayList<>();
    try {
      for (int k = 0; k < KEYS; k++) {
        for (int i = 0; i < PER_KEY; i++) {
          HttpResponse<InputStream> stream =
              http.send(
                  events(keys.get(k), jobs.get(k)), HttpResponse.BodyHandlers.ofInputStream());
          assertThat(stream.statusCode()).as("stream %d of key %d", i, k).isEqualTo(200);
          open.add(stream.body());
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var in = new BufferedReader(new InputStreamReader(stream.body()))) {
                      String line = in.readLine();
                      if (line != null) firstLines.add(line);
                      while (in.readLine() != null) {
                        // keep reading until the test closes the stream
                      }
                    } catch (Exception closed) {
                      // closed at the end of the test
                    }
                  });
        }
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> firstLines.size() == KEYS * PER_KEY);
      assertThat(firstLines).allMatch(l -> l.startsWith("data:") && l.contains("QUEUED"));

      for (int i = 0; i < 10; i++) {
        long started = System.nanoTime();
        HttpResponse<String> list =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "api/v1/jobs"))
                    .header("Authorization", "Bearer " + keys.get(i % KEYS))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(millis).as("GET /api/v1/jobs with 100 streams open").isLessThan(1000);
      }

      HttpResponse<String> refused =
          http.send(events(keys.getFirst(), jobs.getFirst()), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(refused.body()).contains("\"status\":429");
    } finally {
      for (InputStream in : open) in.close();
    }
    // closing gives the slots back
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              HttpResponse<InputStream> again =
                  http.send(
                      events(keys.getFirst(), jobs.getFirst()),
                      HttpResponse.BodyHandlers.ofInputStream());
              again.body().close();
              assertThat(again.statusCode()).isEqualTo(200);
            });
  }

  private HttpRequest events(String key, String job) {
    return HttpRequest.newBuilder(URI.create(base + "api/v1/jobs/" + job + "/events"))
        .header("Authorization", "Bearer " + key)
        .header("Accept", "text/event-stream")
        .build();
  }
}
