package dev.sculptor.worker.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.candidate.FinalTraining;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.worker.lease.JobLeases;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A final training's request, as the worker sends it on the evaluate topic: keyed by the final
 * training's own id (its result and files are), with the recipe, and naming the candidate it
 * retrains, so the evaluator can write that candidate into the model's metadata.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class FinalRequestTest {
  @Inject JobLeases leases;
  @Inject Evaluations evaluations;
  @Inject CandidateRepository candidates;
  @Inject SearchJobRepository jobs;

  @Test
  void aFinalTrainingsRequestIsKeyedByItsOwnIdAndNamesTheCandidateItRetrains() throws Exception {
    UUID job = newJob();
    assertThat(leases.claim(job)).isTrue();
    JobSpec spec =
        Json.read(
            QuarkusTransaction.requiringNew().call(() -> jobs.findById(job).spec), JobSpec.class);
    int[] genome = new int[MobileCnnSpace.genomeLength()];
    UUID candidateId =
        evaluations.submit(job, spec, MobileCnnSpace.decode(genome, null), "fp-final", genome, 0);
    Candidate candidate =
        QuarkusTransaction.requiringNew().call(() -> candidates.findById(candidateId));

    List<FinalTraining> finals = evaluations.startFinal(job, spec, List.of(candidate));

    assertThat(finals).hasSize(1);
    UUID finalId = finals.getFirst().id;
    assertThat(finalId).isNotEqualTo(candidateId);
    List<EvaluationRequest> sent =
        SentRequests.until(job, requests -> requests.stream().anyMatch(EvaluationRequest::isFinal));
    EvaluationRequest search = sent.stream().filter(r -> !r.isFinal()).findFirst().orElseThrow();
    EvaluationRequest fin =
        sent.stream().filter(EvaluationRequest::isFinal).findFirst().orElseThrow();
    assertThat(search.candidateId()).isEqualTo(candidateId);
    assertThat(search.modelCandidateId()).isEqualTo(candidateId);
    assertThat(fin.candidateId()).isEqualTo(finalId);
    assertThat(fin.retrainsCandidateId()).isEqualTo(candidateId);
    assertThat(fin.modelCandidateId()).isEqualTo(candidateId);
    assertThat(fin.finalTraining()).isEqualTo(spec.finalTraining());
    assertThat(fin.candidate()).isEqualTo(search.candidate());
  }

  private static UUID newJob() throws Exception {
    UUID team = UUID.randomUUID();
    UUID job = UUID.randomUUID();
    JobSpec spec =
        Json.read(
                """
                {"name": "final request", "dataset": "synthetic", "hardwareTarget": "host-cpu",
                 "constraints": {"maxModelBytes": 5000000}, "budget": {"maxCandidates": 4, "maxWallClockMinutes": 10},
                 "finalTraining": {"candidates": 1, "epochs": 2}, "seed": 1}\
                """,
                JobSpec.class)
            .withDefaults();
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection()) {
      c.createStatement()
          .executeUpdate(
              "INSERT INTO team (id, name) VALUES ('" + team + "', 'final-" + team + "')");
      c.createStatement()
          .executeUpdate(
              "INSERT INTO search_job (id, team_id, name, status, spec, hardware_target, dataset,"
                  + " strategy, max_candidates, created_at) VALUES ('"
                  + job
                  + "', '"
                  + team
                  + "', 'final request', '"
                  + JobStatus.QUEUED
                  + "', '"
                  + Json.write(spec).replace("'", "''")
                  + "', 'host-cpu', 'synthetic', 'genetic', 4, now() - interval '1 minute')");
    }
    return job;
  }
}
