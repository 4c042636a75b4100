package dev.sculptor.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

/**
 * Helpers the api tests share: a fresh team with its own key, requests made with a key, a small
 * uploaded dataset.
 */
public final class ApiClientAccess {
  public static final String ADMIN = "test-admin-key-0123456789abcdef";

  private ApiClientAccess() {}

  /** Creates a team through the admin API and returns its key. */
  public static String newTeam(String name) {
    return given()
        .header("Authorization", "Bearer " + ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\"}")
        .when()
        .post("/api/v1/teams")
        .then()
        .statusCode(201)
        .extract()
        .path("apiKey");
  }

  public static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  public static final String VALID_JOB =
      """
      {"name": "digits under 10MB / 50ms on ARM", "dataset": "mnist-10k", "hardwareTarget": "arm-cortex-a72",
       "constraints": {"maxModelBytes": "10MB", "maxLatencyMs": "50ms"},
       "budget": {"maxCandidates": 12, "maxWallClockMinutes": 20}, "seed": 3}\
      """;

  /**
   * An IDX upload of {@code classes × perClass} random {@code size}×{@code size} images; its id.
   */
  public static String uploadIdx(String key, int classes, int perClass, int size)
      throws IOException {
    int n = classes * perClass;
    var images = new ByteArrayOutputStream();
    var out = new DataOutputStream(images);
    out.writeInt(0x803);
    out.writeInt(n);
    out.writeInt(size);
    out.writeInt(size);
    byte[] pixels = new byte[n * size * size];
    new Random(7).nextBytes(pixels);
    out.write(pixels);
    var labels = new ByteArrayOutputStream();
    var lout = new DataOutputStream(labels);
    lout.writeInt(0x801);
    lout.writeInt(n);
    for (int i = 0; i < n; i++) lout.writeByte(i % classes);
    return as(key)
        .multiPart("format", "idx")
        .multiPart("images", "images-idx3-ubyte", images.toByteArray())
        .multiPart("labels", "labels-idx1-ubyte", labels.toByteArray())
        .post("/api/v1/datasets")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
