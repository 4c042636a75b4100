package dev.sculptor.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Helpers the api tests share: a fresh team with its own key, requests made with a key. */
public final class ApiClientAccess {
  public static final String ADMIN = "test-admin-key-0123456789abcdef";

  private ApiClientAccess() {}

  /** Creates a team through the admin API and returns its key. */
  public static String newTeam(String name) {
    return given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\"}")
        .when().post("/api/v1/teams")
        .then().statusCode(201).extract().path("apiKey");
  }

  public static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  public static final String VALID_JOB = """
      {"name": "digits under 10MB / 50ms on ARM", "dataset": "mnist-10k", "hardwareTarget": "arm-cortex-a72",
       "constraints": {"maxModelBytes": "10MB", "maxLatencyMs": "50ms"},
       "budget": {"maxCandidates": 12, "maxWallClockMinutes": 20}, "seed": 3}""";
}
