package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Budget;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.FidelitySchedule;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.messaging.Continuation;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.pareto.Dominance;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.EarlierStage;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import dev.sculptor.worker.strategy.SearchBudget;
import dev.sculptor.worker.strategy.SearchStrategy;
import dev.sculptor.worker.strategy.SyntheticBenchmark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Successive halving in the search, with in-memory fakes for the database and the evaluators (as in
 * SearchRunResumeTest): each new candidate first trains 1 epoch; the better half of each generation
 * by first-stage rank continues from its checkpoint to 3 epochs; the strategy sees the continued
 * result; a worker killed while continuing ends, after a replay, with the same candidates continued
 * and none evaluated twice.
 */
class SuccessiveHalvingTest {
  static final UUID JOB = UUID.randomUUID();
  static final int FULL = 3;
  static final int FIRST = 1;

  @Test
  void theBetterHalfOfEachGenerationContinuesFromItsCheckpointAndTheStrategySeesIt() {
    Evaluators evaluators = new Evaluators(Integer.MAX_VALUE);
    List<String> seen = new ArrayList<>();

    run(spec(), evaluators, seen);

    // the job's size limit also leaves rows that are infeasible by construction: never sent
    List<Candidate> sent = sent(evaluators.rows);
    assertThat(sent).hasSize(48);
    Map<Integer, List<Candidate>> byGeneration =
        sent.stream().collect(Collectors.groupingBy(c -> c.generation));
    for (List<Candidate> generation : byGeneration.values()) {
      List<Candidate> continued = continued(generation);
      assertThat(continued).hasSize((int) Math.ceil(0.5 * generation.size()));
      List<Candidate> rest = generation.stream().filter(c -> !continued.contains(c)).toList();
      for (Candidate c : rest) {
        assertThat(c.fidelityEpochs).as("labelled as trained short").isEqualTo(FIRST);
        assertThat(c.status).isEqualTo(CandidateStatus.SUCCEEDED);
      }
      // chosen by rank: nothing left short dominates a continued one at the first stage
      for (Candidate kept : continued)
        for (Candidate left : rest)
          assertThat(
                  Dominance.dominates(
                      SuccessiveHalving.firstStage(spec(), left),
                      SuccessiveHalving.firstStage(spec(), kept)))
              .isFalse();
    }
    for (Candidate c : sent) {
      List<Sent> sends = evaluators.sentTo(c.id);
      assertThat(sends.getFirst()).isEqualTo(new Sent(c.id, 1, FIRST, null));
      if (c.earlierStage == null) {
        assertThat(sends).hasSize(1);
        continue;
      }
      // the second stage: the row's next attempt, to the full epochs, from its own checkpoint
      assertThat(sends).hasSize(2);
      assertThat(sends.get(1)).isEqualTo(new Sent(c.id, 2, FULL, new Continuation(c.id, FIRST)));
      assertThat(c.fidelityEpochs).isEqualTo(FULL);
      EarlierStage first = Json.read(c.earlierStage, EarlierStage.class);
      assertThat(first.epochs()).isEqualTo(FIRST);
      assertThat(c.accuracy).isGreaterThan(first.accuracy());
      // the strategy got the continued (full-fidelity) result, never the short one
      // (by genome: another candidate may share its figures)
      int[] genome = Json.read(c.genome, int[].class);
      assertThat(seen)
          .contains(seenAs(genome, c.accuracy))
          .doesNotContain(seenAs(genome, first.accuracy()));
    }
  }

  @Test
  void aWorkerKilledWhileContinuingEndsAfterAReplayWithTheSameCandidatesContinuedOnce() {
    Evaluators uninterrupted = new Evaluators(Integer.MAX_VALUE);
    run(spec(), uninterrupted, new ArrayList<>());

    // dies after storing its 7th continuation, before sending it
    Evaluators database = new Evaluators(7);
    assertThat(runUntilKilled(spec(), database)).isTrue();
    Candidate stranded =
        database.rows.stream()
            .filter(c -> c.status == CandidateStatus.PENDING && c.earlierStage != null)
            .findFirst()
            .orElseThrow();
    assertThat(stranded.sentAt).as("the continuation the dead worker never sent").isNull();
    run(spec(), database.revived(), new ArrayList<>());

    assertThat(fingerprints(database.rows)).isEqualTo(fingerprints(uninterrupted.rows));
    assertThat(fingerprints(continued(database.rows)))
        .isEqualTo(fingerprints(continued(uninterrupted.rows)));
    assertThat(database.sends)
        .as("each stage of each candidate sent (so evaluated) once")
        .doesNotHaveDuplicates();
    assertThat(sent(database.rows)).allMatch(c -> c.status == CandidateStatus.SUCCEEDED);
  }

  private static List<Candidate> sent(List<Candidate> rows) {
    return rows.stream().filter(c -> c.status != CandidateStatus.INFEASIBLE).toList();
  }

  @Test
  void aContinuedStageThatFailsLeavesTheFirstStagesResult() {
    Candidate row = Evaluations.pendingRow(JOB, null, "f", new int[] {0}, 0);
    row.fidelityEpochs = FIRST;
    row.status = CandidateStatus.SUCCEEDED;
    row.metrics = "{\"accuracy\":0.5}";
    row.accuracy = 0.5;
    row.feasible = true;
    assertThat(Evaluations.continueRow(row, spec())).isTrue();
    assertThat(Evaluations.continueRow(row, spec())).as("never continued twice").isFalse();
    row.accuracy = null; // what a failed continued stage leaves
    row.metrics = null;

    Evaluations.keepFirstStage(row, "loss became NaN");

    assertThat(row.status).isEqualTo(CandidateStatus.SUCCEEDED);
    assertThat(row.accuracy).isEqualTo(0.5);
    assertThat(row.metrics).isEqualTo("{\"accuracy\":0.5}");
    assertThat(row.fidelityEpochs).isEqualTo(FIRST);
    assertThat(row.failureReason)
        .contains("loss became NaN")
        .contains("the first stage's result stands");
  }

  @Test
  void aCandidateWhoseLearningCurveCannotReachTheFrontIsNotContinued() {
    JobSpec spec = spec();
    Candidate leader = row(0, 0.90, 1.0, 10_000, null);
    leader.fidelityEpochs = FULL;
    // 1 epoch: 0.30 validation from chance 0.10, so at most +0.20 an epoch: 0.70 after 3 < 0.90
    Candidate slow = row(1, 0.30, 2.0, 20_000, curve(0.30));
    // the same curve, but faster than the leader: training cannot change that, it may join
    Candidate fast = row(1, 0.30, 0.5, 20_000, curve(0.30));
    // learning fast enough to pass the leader: 0.60 + 2 × 0.50 ≥ 0.90
    Candidate steep = row(1, 0.60, 2.0, 20_000, curve(0.60));
    // stored by a run that went further before a crash: not part of the front generation 1 saw
    Candidate later = row(2, 0.99, 0.1, 1_000, null);
    later.fidelityEpochs = FULL;

    List<SuccessiveHalving.FrontPoint> front =
        SuccessiveHalving.frontBefore(spec, 1, List.of(leader, slow, fast, steep, later));

    assertThat(front).extracting(SuccessiveHalving.FrontPoint::id).doesNotContain(later.id);
    assertThat(SuccessiveHalving.canReach(spec, slow, front, 0.1)).isFalse();
    assertThat(SuccessiveHalving.canReach(spec, fast, front, 0.1)).isTrue();
    assertThat(SuccessiveHalving.canReach(spec, steep, front, 0.1)).isTrue();
  }

  private static Candidate row(
      int generation, double accuracy, double latencyMs, long bytes, String curve) {
    Candidate c = Evaluations.pendingRow(JOB, null, UUID.randomUUID().toString(), new int[0], 0);
    c.generation = generation;
    c.fidelityEpochs = FIRST;
    c.status = CandidateStatus.SUCCEEDED;
    c.metrics =
        Json.write(
            new Metrics(
                accuracy,
                "validation",
                MetricSource.measured("host-cpu", 1, "test"),
                new Latency(
                    latencyMs,
                    latencyMs,
                    0,
                    1,
                    "fp32",
                    MetricSource.measured("host-cpu", 10, "test")),
                bytes,
                0,
                0,
                0,
                null));
    c.accuracy = accuracy;
    c.trainingCurve = curve;
    return c;
  }

  private static String curve(double validationAfterEpochOne) {
    return Json.write(
        List.of(
            new dev.sculptor.core.messaging.EvaluationResult.EpochStats(
                "train", 1, 1.0, validationAfterEpochOne, validationAfterEpochOne)));
  }

  static JobSpec spec() {
    Constraints limits =
        new Constraints(
            (long) SyntheticBenchmark.MAX_BYTES, SyntheticBenchmark.MAX_LATENCY, null, null, null);
    return new JobSpec(
            "halving",
            "synthetic",
            "mobile-cnn",
            "host-cpu",
            limits,
            null,
            new Budget(48, 60, null, 8, null),
            Strategy.RANDOM,
            Fidelity.of(FULL, null, 1, FidelitySchedule.SUCCESSIVE_HALVING, FIRST, 0.5),
            11L)
        .withDefaults();
  }

  /** What the strategy saw for one genome, as {@link #run} records it. */
  static String seenAs(int[] genome, double accuracy) {
    return java.util.Arrays.toString(genome) + " " + accuracy;
  }

  static void run(JobSpec spec, Evaluators evaluators, List<String> seen) {
    SearchRun run =
        new SearchRun(
            JOB,
            spec,
            Instant.now(),
            evaluators,
            new ResultArrivals(),
            new SearchRunResumeTest.Progress(),
            () -> true,
            null);
    SearchStrategy.of(spec.strategy(), spec.seed(), spec.budget().effectivePopulationSize())
        .search(
            new SearchBudget() {
              @Override
              public List<Objectives> evaluate(List<int[]> genomes) {
                List<Objectives> out = run.evaluate(genomes);
                for (int i = 0; i < out.size(); i++)
                  seen.add(seenAs(genomes.get(i), out.get(i).accuracy()));
                return out;
              }

              @Override
              public boolean goOn() {
                return run.goOn();
              }

              @Override
              public int evaluated() {
                return run.evaluated();
              }
            });
  }

  static boolean runUntilKilled(JobSpec spec, Evaluators evaluators) {
    try {
      run(spec, evaluators, new ArrayList<>());
      return false;
    } catch (RuntimeException e) {
      if (!SearchRunResumeTest.causedByKill(e)) throw e;
      return true;
    }
  }

  static List<Candidate> continued(List<Candidate> rows) {
    return rows.stream().filter(c -> c.earlierStage != null).toList();
  }

  static Set<String> fingerprints(List<Candidate> rows) {
    return rows.stream().map(c -> c.fingerprint).collect(Collectors.toSet());
  }

  /** One request as sent: to which row, which attempt, how many epochs, continuing what. */
  record Sent(UUID id, int attempt, int epochs, Continuation continues) {}

  /**
   * The candidate table plus evaluators that answer at once with the synthetic objective, less
   * accurate the fewer epochs trained.
   */
  static final class Evaluators extends Evaluations {
    final List<Candidate> rows;
    final List<Sent> sends;
    private final int dieOnContinuation;
    private int continuations;

    Evaluators(int dieOnContinuation) {
      this(new ArrayList<>(), new ArrayList<>(), dieOnContinuation);
    }

    private Evaluators(List<Candidate> rows, List<Sent> sends, int dieOnContinuation) {
      this.rows = rows;
      this.sends = sends;
      this.dieOnContinuation = dieOnContinuation;
    }

    Evaluators revived() {
      return new Evaluators(rows, sends, Integer.MAX_VALUE);
    }

    List<Sent> sentTo(UUID id) {
      return sends.stream().filter(s -> s.id().equals(id)).toList();
    }

    @Override
    public dev.sculptor.worker.evaluation.JobDatasets.Resolved dataset(String id) {
      return new dev.sculptor.worker.evaluation.JobDatasets.Resolved(
          dev.sculptor.core.dataset.DatasetCatalog.builtIn(id).orElseThrow(),
          dev.sculptor.core.messaging.DatasetRef.builtIn(id));
    }

    @Override
    public Optional<Candidate> find(UUID jobId, String fingerprint) {
      return rows.stream().filter(c -> c.fingerprint.equals(fingerprint)).findFirst();
    }

    @Override
    public UUID submit(
        UUID jobId,
        JobSpec spec,
        CandidateSpec candidate,
        String fingerprint,
        int[] genome,
        int generation) {
      Candidate c = Evaluations.pendingRow(jobId, candidate, fingerprint, genome, generation);
      c.fidelityEpochs = Evaluations.firstStageEpochs(spec);
      rows.add(c);
      send(c, spec);
      return c.id;
    }

    @Override
    public UUID recordInfeasible(
        UUID jobId,
        CandidateSpec candidate,
        String fingerprint,
        int[] genome,
        int generation,
        dev.sculptor.core.job.ConstructionCheck check) {
      Candidate c =
          Candidate.infeasibleByConstruction(
              jobId, fingerprint, generation, Json.write(genome), Json.write(candidate), check);
      rows.add(c);
      return c.id;
    }

    @Override
    public void continueCandidates(UUID jobId, JobSpec spec, Collection<UUID> ids) {
      for (UUID id : ids) {
        Candidate row = rows.stream().filter(c -> c.id.equals(id)).findFirst().orElseThrow();
        if (!Evaluations.continueRow(row, spec)) continue;
        if (++continuations == dieOnContinuation) throw new SearchRunResumeTest.Killed();
        send(row, spec);
      }
    }

    @Override
    public void resendStale(UUID jobId, JobSpec spec) {
      rows.stream()
          .filter(c -> c.status == CandidateStatus.PENDING && c.sentAt == null)
          .toList()
          .forEach(c -> send(c, spec));
    }

    @Override
    public List<Candidate> rows(UUID jobId) {
      return List.copyOf(rows);
    }

    private void send(Candidate c, JobSpec spec) {
      int epochs = Evaluations.fidelityOf(spec, c).epochs();
      sends.add(new Sent(c.id, c.attempts, epochs, Evaluations.continuationOf(c)));
      c.sentAt = Instant.now();
      Objectives o = SyntheticBenchmark.of(Json.read(c.genome, int[].class));
      double accuracy = o.accuracy() * (0.6 + 0.4 * epochs / FULL);
      Latency latency =
          new Latency(
              o.latencyMs(),
              o.latencyMs(),
              0,
              1,
              "fp32",
              MetricSource.measured("host-cpu", 100, "synthetic"));
      Metrics m =
          new Metrics(
              accuracy,
              "validation",
              MetricSource.measured("host-cpu", 1, "synthetic"),
              latency,
              (long) o.modelBytes(),
              0,
              0,
              0,
              null);
      c.metrics = Json.write(m);
      c.accuracy = accuracy;
      c.status = CandidateStatus.SUCCEEDED;
    }
  }
}
