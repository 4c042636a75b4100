package dev.sculptor.api.candidate;

import static dev.sculptor.api.ApiClientAccess.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.ConstructionCheck;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.ComputedMetrics;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.candidate.Candidate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A candidate infeasible by construction, stored as the worker stores it (the V10 status), in the
 * job's candidate list: its status, the limit it misses, its computed numbers, never feasible.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class InfeasibleCandidatesTest {
  @Inject EntityManager em;

  @Test
  void theCandidateListShowsAnInfeasibleCandidateWithItsReasonAndComputedMetrics() {
    String key = ApiClientAccess.newTeam("infeasible-" + System.nanoTime());
    UUID job =
        UUID.fromString(
            as(key)
                .contentType("application/json")
                .body(ApiClientAccess.VALID_JOB.replace("\"10MB\"", "\"2kB\""))
                .post("/api/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id"));
    ConstructionCheck check =
        ConstructionCheck.of(
            new Constraints(2_000L, 50.0, null, null, null),
            ComputedMetrics.of(
                NetworkDecoder.decodePruned(CandidateLayersTest.SPEC, InputShape.MNIST, 10),
                CandidateLayersTest.SPEC.compression().precision()));
    assertThat(check.passes()).isFalse();
    Candidate row =
        Candidate.infeasibleByConstruction(
            job,
            UUID.randomUUID().toString().replace("-", ""),
            0,
            "[0]",
            Json.write(CandidateLayersTest.SPEC),
            check);
    QuarkusTransaction.requiringNew().run(() -> em.persist(row));

    String path = "/api/v1/jobs/" + job + "/candidates";
    as(key)
        .get(path)
        .then()
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].status", equalTo("INFEASIBLE"))
        .body(
            "[0].failureReason", startsWith("infeasible by construction: computed size at least "))
        .body("[0].failureReason", equalTo("infeasible by construction: " + check.reason()))
        .body("[0].feasible", equalTo(false))
        .body("[0].accuracy", equalTo(null))
        .body("[0].hasModel", equalTo(false))
        .body("[0].metrics.modelBytesAtLeast", equalTo((int) check.computed().modelBytesAtLeast()))
        .body("[0].metrics.params", equalTo((int) check.computed().params()))
        .body("[0].metrics.source", equalTo(ComputedMetrics.SOURCE));
    as(key).get(path + "?feasible=true").then().statusCode(200).body("", hasSize(0));
    as(key)
        .get(path + "/" + row.id)
        .then()
        .statusCode(200)
        .body("status", equalTo("INFEASIBLE"))
        .body("metrics.macs", equalTo((int) check.computed().macs()));
  }
}
