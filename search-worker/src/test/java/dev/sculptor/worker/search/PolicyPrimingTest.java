package dev.sculptor.worker.search;

import static dev.sculptor.worker.TestDatabase.insertJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.metrics.SensitivityStatus;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.PrunableLayer;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateSensitivity;
import dev.sculptor.store.candidate.FinalTraining;
import dev.sculptor.store.checkpoint.Checkpoint;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.lease.JobLeases;
import dev.sculptor.worker.policy.PruningPolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Against a real PostgreSQL: a job's pruning policy starts primed with the final-training
 * sensitivity analyses of earlier jobs on its dataset, fixed in its generation-0 checkpoint, and
 * not with those of another dataset.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class PolicyPrimingTest {
  static final String SPEC =
      """
      {"name": "priming", "dataset": "%s", "hardwareTarget": "host-cpu",
       "constraints": {"maxModelBytes": 5000000}, "budget": {"maxCandidates": 4}, "seed": 1}\
      """;

  @Inject JobProgressStore progress;
  @Inject JobLeases leases;
  @Inject EntityManager em;

  @Test
  void aJobStartsFromTheAnalysesOfEarlierJobsOnItsDatasetOnly() throws Exception {
    String target = "priming-" + UUID.randomUUID(); // no saved policy from other tests
    UUID finalId = analysedFinalTraining("synthetic");
    UUID requestId = analysedOnRequest("synthetic");

    UUID sameData = newJob("synthetic");
    PruningPolicy primed = progress.initialPolicy(sameData, target, "synthetic");
    assertThat(primed.state().primedBy()).contains("final:" + finalId, "request:" + requestId);
    assertThat(primed.state().weights()).isNotEqualTo(PruningPolicy.fresh().state().weights());
    // fixed in the job's generation-0 checkpoint: a resumed job starts from the same policy
    PruningPolicy.State checkpointed =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    Json.read(
                        em.find(Checkpoint.class, new Checkpoint.Key(sameData, 0)).state,
                        PruningPolicy.State.class));
    assertThat(checkpointed.primedBy()).isEqualTo(primed.state().primedBy());
    assertThat(checkpointed.weights()).isDeepEqualTo(primed.state().weights());
    assertThat(progress.initialPolicy(sameData, target, "synthetic").state().weights())
        .isDeepEqualTo(primed.state().weights());

    UUID otherData = newJob("mnist-10k");
    PruningPolicy other = progress.initialPolicy(otherData, target + "-other", "mnist-10k");
    assertThat(other.state().primedBy()).doesNotContain("final:" + finalId, "request:" + requestId);
  }

  private UUID newJob(String dataset) throws Exception {
    UUID job = insertJob("priming", SPEC.formatted(dataset), JobStatus.QUEUED, "now()");
    assertThat(leases.claim(job)).isTrue();
    return job;
  }

  /** A finished job on {@code dataset} whose final training has an analysis; returns its id. */
  private UUID analysedFinalTraining(String dataset) throws Exception {
    UUID finalId = UUID.randomUUID();
    analysedCandidate(
        dataset,
        (job, candidate, analysis) -> {
          FinalTraining f = new FinalTraining();
          f.id = finalId;
          f.jobId = job;
          f.candidateId = candidate;
          f.rank = 1;
          f.status = CandidateStatus.SUCCEEDED;
          f.sensitivity = analysis;
          f.finishedAt = Instant.now();
          em.persist(f);
        });
    return finalId;
  }

  /** A finished job on {@code dataset} with a candidate analysed on request; the request's id. */
  private UUID analysedOnRequest(String dataset) throws Exception {
    UUID requestId = UUID.randomUUID();
    analysedCandidate(
        dataset,
        (job, candidate, analysis) -> {
          CandidateSensitivity s = new CandidateSensitivity();
          s.candidateId = candidate;
          s.jobId = job;
          s.requestId = requestId;
          s.status = SensitivityStatus.DONE;
          s.requestedAt = Instant.now();
          s.finishedAt = Instant.now();
          s.sensitivity = analysis;
          em.persist(s);
        });
    return requestId;
  }

  interface Analysed {
    void store(UUID job, UUID candidate, String analysis);
  }

  /**
   * A finished job on {@code dataset} with one evaluated candidate, and {@code analysed} storing an
   * analysis of it (its first prunable layer fragile), in one transaction.
   */
  private void analysedCandidate(String dataset, Analysed analysed) throws Exception {
    UUID job = insertJob("analysed", SPEC.formatted(dataset), JobStatus.SUCCEEDED, "now()");
    CandidateSpec spec = MobileCnnSpace.decode(new int[MobileCnnSpace.genomeLength()], null);
    DatasetInfo info = DatasetCatalog.builtIn(dataset).orElseThrow();
    List<PrunableLayer> layers =
        NetworkDecoder.decode(spec, info.shape(), info.classes()).prunableLayers();
    List<Sensitivity.Layer> rows = new ArrayList<>();
    for (PrunableLayer l : layers)
      rows.add(
          new Sensitivity.Layer(
              l.index(), l.name(), l.kind(), l.channels(), List.of(0.5, 0.3, 0.1), 0.9));
    Sensitivity analysis =
        new Sensitivity(0.9, List.of(0.25, 0.5, 0.75), rows, 500, "validation", "test", 1);
    UUID candidate = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Candidate c =
                  Evaluations.pendingRow(
                      job, null, candidate.toString().replace("-", ""), new int[0], 0);
              c.id = candidate;
              c.spec = Json.write(spec);
              c.status = CandidateStatus.SUCCEEDED;
              em.persist(c);
              em.flush();
              analysed.store(job, candidate, Json.write(analysis));
            });
  }
}
