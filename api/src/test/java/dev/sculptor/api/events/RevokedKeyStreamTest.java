package dev.sculptor.api.events;

import static dev.sculptor.api.ApiClientAccess.ADMIN;
import static dev.sculptor.api.ApiClientAccess.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.api.auth.KeyHash;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A revoked key loses its open event streams too, not only its next requests. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class RevokedKeyStreamTest {
  @TestHTTPResource("/")
  URL base;

  @Inject JobStreams streams;

  @Test
  void theStreamsOfARevokedKeyEndAtTheNextHeartbeatAndItsReconnectGets401() throws Exception {
    String owner = ApiClientAccess.newTeam("stream-revoke-" + System.nanoTime());
    String team = as(owner).get("/api/v1/me").then().statusCode(200).extract().path("teamId");
    String spare =
        as(ADMIN)
            .post("/api/v1/teams/" + team + "/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("apiKey");
    String job =
        as(owner)
            .contentType("application/json")
            .body(ApiClientAccess.VALID_JOB)
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<InputStream> revoked =
        http.send(events(spare, job), HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> kept =
        http.send(events(owner, job), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(List.of(revoked.statusCode(), kept.statusCode())).containsOnly(200);
    AtomicBoolean revokedEnded = readUntilEnd(revoked.body());
    AtomicBoolean keptEnded = readUntilEnd(kept.body());

    List<Map<String, Object>> keys =
        as(owner)
            .get("/api/v1/teams/" + team + "/keys")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    Object spareId =
        keys.stream()
            .filter(k -> KeyHash.prefix(spare).equals(k.get("prefix")))
            .findFirst()
            .orElseThrow()
            .get("id");
    as(owner).post("/api/v1/teams/" + team + "/keys/" + spareId + "/revoke").then().statusCode(200);
    streams.heartbeat();

    await().atMost(Duration.ofSeconds(10)).untilTrue(revokedEnded);
    assertThat(keptEnded).as("the team's other key keeps its stream").isFalse();
    assertThat(http.send(events(spare, job), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(401);
    kept.body().close();
  }

  private HttpRequest events(String key, String job) {
    return HttpRequest.newBuilder(URI.create(base + "api/v1/jobs/" + job + "/events"))
        .header("Authorization", "Bearer " + key)
        .build();
  }

  /** Reads the stream on a virtual thread; the flag turns true when the server ends it. */
  private static AtomicBoolean readUntilEnd(InputStream body) {
    AtomicBoolean ended = new AtomicBoolean();
    Thread.ofVirtual()
        .start(
            () -> {
              try (var in = new BufferedReader(new InputStreamReader(body))) {
                while (in.readLine() != null) {
                  // events and heartbeats
                }
                ended.set(true);
              } catch (Exception closedByTest) {
                // the test closed it
              }
            });
    return ended;
  }
}
