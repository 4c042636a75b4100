package dev.sculptor.worker.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.ConsumerHealth;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.consumer.Consumers;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.team.Team;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A result that arrives while PostgreSQL is down is not dropped: result ingest retries it (the
 * consumer says RETRYING) and stores it once the database is back.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ResultDuringDatabaseOutageTest {
  @Inject EntityManager em;
  @Inject CandidateRepository candidates;
  @Inject Consumers consumers;

  @Test
  void aResultArrivingWhileTheDatabaseIsDownIsStoredWhenItIsBack() throws Exception {
    UUID job = UUID.randomUUID();
    UUID candidate = UUID.randomUUID();
    QuarkusTransaction.requiringNew().run(() -> store(job, candidate));
    EvaluationResult result =
        new EvaluationResult(
            job,
            candidate,
            1,
            EvaluationResult.Status.FAILED,
            null,
            null,
            null,
            null,
            List.of(),
            new EvaluationResult.EvaluationError("training diverged", false),
            Instant.now());

    LocalStackTestResource.stopPostgres();
    try (var producer =
        KafkaClients.of(LocalStackTestResource.kafka().bootstrapServers())
            .producers()
            .create(Delivery.QUICK)) {
      producer.send(new ProducerRecord<>(Topics.RESULTS, job.toString(), Json.write(result))).get();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> ingest().state() == ConsumerHealth.State.RETRYING);
      assertThat(ingest().ready())
          .as("retrying is alive; the datasource check reports the database")
          .isTrue();
    } finally {
      LocalStackTestResource.startPostgres();
    }

    await().atMost(Duration.ofMinutes(2)).until(() -> "FAILED".equals(status(candidate)));
    Candidate row = QuarkusTransaction.requiringNew().call(() -> candidates.findById(candidate));
    assertThat(row.failureReason).isEqualTo("training diverged");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ingest().state() == ConsumerHealth.State.RUNNING);
  }

  private ConsumerHealth ingest() {
    return consumers.health().stream()
        .filter(h -> h.name().equals("result-ingest"))
        .findFirst()
        .orElseThrow();
  }

  private String status(UUID candidate) {
    try {
      return QuarkusTransaction.requiringNew()
          .call(() -> candidates.findById(candidate).status.name());
    } catch (RuntimeException e) {
      return "unreachable: "
          + e.getMessage(); // the pool may still hold connections of the old server
    }
  }

  private void store(UUID job, UUID candidate) {
    Team team = new Team();
    team.id = UUID.randomUUID();
    team.name = "outage-" + team.id;
    em.persist(team);
    JobSpec spec =
        new JobSpec(null, null, null, null, null, null, null, null, null, null).withDefaults();
    SearchJob j = new SearchJob();
    j.id = job;
    j.teamId = team.id;
    j.name = "outage";
    // finished, so no worker picks it up: only the result matters here
    j.status = JobStatus.SUCCEEDED;
    j.spec = Json.write(spec);
    j.hardwareTarget = spec.hardwareTarget();
    j.dataset = spec.dataset();
    j.strategy = spec.strategy().id();
    j.maxCandidates = spec.budget().maxCandidates();
    em.persist(j);
    em.flush();
    Candidate c =
        Evaluations.pendingRow(job, null, candidate.toString().replace("-", ""), new int[0], 0);
    c.id = candidate;
    c.spec = "{}";
    c.sentAt = Instant.now();
    em.persist(c);
  }
}
