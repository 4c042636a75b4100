package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Budget;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The final phase over in-memory fakes of the tables and the evaluators: it trains the top K
 * feasible front members once each, stores their final metrics in rows of their own (the candidate
 * rows keep their search metrics), shows FINALIZING with progress, and a worker that takes the job
 * over mid-phase trains nothing twice.
 */
class FinalPhaseTest {
  static final UUID JOB = UUID.randomUUID();
  static final JobSpec SPEC =
      new JobSpec(
              "final",
              "synthetic",
              "mobile-cnn",
              "host-cpu",
              new Constraints(1_000_000L, 10.0, null, null, null),
              null,
              new Budget(10, 60, null, 4, null),
              Strategy.RANDOM,
              Fidelity.defaults(),
              7L,
              null,
              new FinalTraining(2, null, null, null, null, null, null),
              null,
              null)
          .withDefaults();

  @Test
  void theTopKFeasibleFrontMembersAreTrainedOnceAndTheirFinalMetricsStoredBesideTheSearchOnes() {
    FakeTables db = new FakeTables(Integer.MAX_VALUE);
    db.candidate("a", 0.90, 5.0, 500_000); // front, feasible, best
    db.candidate("b", 0.85, 2.0, 300_000); // front, feasible, second
    db.candidate("c", 0.80, 1.0, 100_000); // front, feasible, third: beyond K = 2
    db.candidate("d", 0.95, 50.0, 500_000); // most accurate but too slow: infeasible
    db.candidate("e", 0.70, 6.0, 600_000); // dominated by a
    Map<UUID, String> searchMetrics = new HashMap<>();
    db.rows.forEach(c -> searchMetrics.put(c.id, c.metrics));
    Progress progress = new Progress();

    FinalPhase.Outcome outcome =
        new FinalPhase(JOB, SPEC, db, new ResultArrivals(), progress, () -> true).run();

    assertThat(outcome).isEqualTo(FinalPhase.Outcome.DONE);
    assertThat(FinalPhase.choose(SPEC, db.rows))
        .extracting(c -> c.fingerprint)
        .containsExactly("a", "b");
    assertThat(db.finals).hasSize(2);
    assertThat(db.finals)
        .extracting(f -> db.fingerprintOf(f.candidateId))
        .containsExactly("a", "b");
    assertThat(db.finals).extracting(f -> f.rank).containsExactly(1, 2);
    assertThat(db.finals)
        .allSatisfy(
            f -> {
              assertThat(f.status).isEqualTo(CandidateStatus.SUCCEEDED);
              assertThat(f.testAccuracy).isGreaterThan(db.byId(f.candidateId).accuracy);
              assertThat(db.sends.get(f.id)).as("trained once").isEqualTo(1);
            });
    // the candidate rows keep their search-fidelity metrics
    db.rows.forEach(c -> assertThat(c.metrics).isEqualTo(searchMetrics.get(c.id)));
    assertThat(progress.updates).first().isEqualTo("0/2");
    assertThat(progress.updates).last().isEqualTo("2/2");
  }

  @Test
  void aWorkerThatTakesTheJobOverMidPhaseSendsOnlyWhatWasNeverAnsweredAndRetrainsNothing() {
    FakeTables db = new FakeTables(1); // the first worker dies after one final training answered
    db.candidate("a", 0.90, 5.0, 500_000);
    db.candidate("b", 0.85, 2.0, 300_000);
    try {
      new FinalPhase(JOB, SPEC, db, new ResultArrivals(), new Progress(), () -> true).run();
    } catch (SearchRunResumeTest.Killed expected) {
      // kill -9 mid-phase
    }
    assertThat(db.finals)
        .extracting(f -> f.status)
        .containsExactly(CandidateStatus.SUCCEEDED, CandidateStatus.PENDING);
    assertThat(db.finals.get(1).sentAt).as("stored, never sent").isNull();

    FakeTables revived = db.revived();
    FinalPhase.Outcome outcome =
        new FinalPhase(JOB, SPEC, revived, new ResultArrivals(), new Progress(), () -> true).run();

    assertThat(outcome).isEqualTo(FinalPhase.Outcome.DONE);
    assertThat(revived.finals)
        .hasSize(2)
        .allSatisfy(f -> assertThat(f.status).isEqualTo(CandidateStatus.SUCCEEDED));
    assertThat(revived.sends.values()).as("each front member trained once").containsOnly(1);
  }

  @Test
  void aCancelRequestEndsThePhase() {
    FakeTables db = new FakeTables(Integer.MAX_VALUE);
    db.silent = true; // evaluators never answer
    db.candidate("a", 0.90, 5.0, 500_000);
    Progress progress = new Progress();
    progress.cancel = true;

    assertThat(new FinalPhase(JOB, SPEC, db, new ResultArrivals(), progress, () -> true).run())
        .isEqualTo(FinalPhase.Outcome.CANCELLED);
    assertThat(
            new FinalPhase(JOB, SPEC, db, new ResultArrivals(), new Progress(), () -> false).run())
        .as("a lost lease stops it here")
        .isEqualTo(FinalPhase.Outcome.STOPPED);
  }

  /**
   * Candidate and final_training tables, and evaluators that answer a final training at once with a
   * better model.
   */
  static final class FakeTables extends Evaluations {
    final List<Candidate> rows;
    final List<dev.sculptor.store.candidate.FinalTraining> finals;
    final Map<UUID, Integer> sends;
    private int answersLeft;
    boolean silent;

    FakeTables(int answers) {
      this(new ArrayList<>(), new ArrayList<>(), new HashMap<>(), answers);
    }

    private FakeTables(
        List<Candidate> rows,
        List<dev.sculptor.store.candidate.FinalTraining> finals,
        Map<UUID, Integer> sends,
        int answers) {
      this.rows = rows;
      this.finals = finals;
      this.sends = sends;
      this.answersLeft = answers;
    }

    FakeTables revived() {
      return new FakeTables(rows, finals, sends, Integer.MAX_VALUE);
    }

    void candidate(String fingerprint, double accuracy, double latencyMs, long bytes) {
      Candidate c = Evaluations.pendingRow(JOB, null, fingerprint, new int[0], 0);
      c.status = CandidateStatus.SUCCEEDED;
      c.accuracy = accuracy;
      c.metrics = Json.write(metrics(accuracy, latencyMs, bytes, accuracy - 0.01));
      c.feasible =
          latencyMs <= SPEC.constraints().maxLatencyMs()
              && bytes <= SPEC.constraints().maxModelBytes();
      rows.add(c);
    }

    Candidate byId(UUID id) {
      return rows.stream().filter(c -> c.id.equals(id)).findFirst().orElseThrow();
    }

    String fingerprintOf(UUID id) {
      return byId(id).fingerprint;
    }

    @Override
    public List<Candidate> rows(UUID jobId) {
      return List.copyOf(rows);
    }

    @Override
    public List<dev.sculptor.store.candidate.FinalTraining> finalRows(UUID jobId) {
      return List.copyOf(finals);
    }

    @Override
    public List<dev.sculptor.store.candidate.FinalTraining> startFinal(
        UUID jobId, JobSpec spec, List<Candidate> chosen) {
      if (finals.isEmpty()) {
        int rank = 1;
        for (Candidate c : chosen) {
          var f = new dev.sculptor.store.candidate.FinalTraining();
          f.id = UUID.randomUUID();
          f.jobId = jobId;
          f.candidateId = c.id;
          f.rank = rank++;
          f.status = CandidateStatus.PENDING;
          f.attempts = 1;
          finals.add(f);
        }
      }
      resendStaleFinal(jobId, spec);
      return finalRows(jobId);
    }

    @Override
    public void resendStaleFinal(UUID jobId, JobSpec spec) {
      for (var f : finals) {
        if (f.status != CandidateStatus.PENDING || f.sentAt != null) continue;
        if (answersLeft == 0)
          throw new SearchRunResumeTest.Killed(); // dies before sending the next one
        sends.merge(f.id, 1, Integer::sum);
        f.sentAt = Instant.now();
        if (!silent) {
          answer(f);
          answersLeft--;
        }
      }
    }

    private void answer(dev.sculptor.store.candidate.FinalTraining f) {
      Candidate c = byId(f.candidateId);
      Metrics search = Json.read(c.metrics, Metrics.class);
      double better = Math.min(1, search.accuracy() + 0.05);
      f.metrics =
          Json.write(metrics(better, search.latency().medianMs(), search.modelBytes(), better));
      f.accuracy = better;
      f.testAccuracy = better;
      f.status = CandidateStatus.SUCCEEDED;
    }

    static Metrics metrics(double accuracy, double latencyMs, long bytes, double test) {
      Latency latency =
          new Latency(
              latencyMs, latencyMs, 0, 1, "fp32", MetricSource.measured("host-cpu", 100, "fake"));
      return new Metrics(
          accuracy,
          "validation",
          MetricSource.measured("host-cpu", 1, "fake"),
          latency,
          bytes,
          0,
          0,
          0,
          test);
    }
  }

  static final class Progress extends JobProgressStore {
    /** No device pauses here: the wall clock since the start. */
    @Override
    public java.time.Duration activeTime(UUID jobId, Instant startedAt) {
      return java.time.Duration.between(startedAt, Instant.now());
    }

    final List<String> updates = new ArrayList<>();
    boolean cancel;

    @Override
    public boolean cancelRequested(UUID jobId) {
      return cancel;
    }

    @Override
    void finalizing(UUID jobId, int done, int total, String message) {
      updates.add(done + "/" + total);
    }
  }
}
