package dev.sculptor.api.candidate;

import static dev.sculptor.api.ApiClientAccess.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.candidate.Candidate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A model is served only while its file still has the digest the evaluator reported. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ModelDownloadTest {
  @Inject EntityManager em;

  @Test
  void aModelWhoseFileNoLongerMatchesItsChecksumIsRefusedNotServed() throws Exception {
    String key = ApiClientAccess.newTeam("downloads-" + System.nanoTime());
    UUID job = UUID.fromString(as(key).contentType("application/json").body(ApiClientAccess.VALID_JOB)
        .post("/api/v1/jobs").then().statusCode(202).extract().path("id"));
    UUID candidate = UUID.randomUUID();
    Path root = Path.of(ConfigProvider.getConfig().getValue("sculptor.artifact-dir", String.class)).toAbsolutePath().normalize();
    Path file = root.resolve(job + "/" + candidate + "/attempt-1/model.zip");
    byte[] model = "PK a model archive, as an evaluator wrote it".getBytes();
    Files.createDirectories(file.getParent());
    Files.write(file, model);
    store(job, candidate, file, model);

    try {
      byte[] served = as(key).get("/api/v1/jobs/" + job + "/candidates/" + candidate + "/model").then().statusCode(200)
          .extract().asByteArray();
      assertThat(served).isEqualTo(model);

      byte[] corrupted = model.clone();
      corrupted[3] ^= 0x20;
      Files.write(file, corrupted);

      as(key).get("/api/v1/jobs/" + job + "/candidates/" + candidate + "/model").then()
          .statusCode(500)
          .contentType("application/problem+json")
          .body("type", equalTo("https://sculptor.dev/problems/model-corrupted"))
          .body("title", equalTo("Model file corrupted"))
          .body("detail", startsWith("incident "));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private void store(UUID job, UUID candidate, Path file, byte[] model) throws Exception {
    QuarkusTransaction.requiringNew().run(() -> {
      Artifact a = new Artifact();
      a.id = UUID.randomUUID();
      a.uri = file.toUri().toString();
      a.bytes = model.length;
      a.sha256 = sha256(model);
      em.persist(a);
      Candidate c = new Candidate();
      c.id = candidate;
      c.jobId = job;
      c.fingerprint = candidate.toString().replace("-", "");
      c.status = "SUCCEEDED";
      c.spec = "{}";
      c.attempts = 1;
      c.artifactId = a.id;
      c.finishedAt = Instant.now();
      em.persist(c);
    });
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
