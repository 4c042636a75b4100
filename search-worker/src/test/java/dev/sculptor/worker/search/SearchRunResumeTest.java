package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Budget;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.ConstructionCheck;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.strategy.SearchStrategy;
import dev.sculptor.worker.strategy.SyntheticBenchmark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resume is a replay (docs/architecture.md, "Durability"): a worker killed mid-job, and another one
 * running the same job from the start over the rows the first one stored, must end with exactly the
 * candidates an uninterrupted run would have, none evaluated twice, the genetic search restarting
 * and early stop firing at the same generations. The database and the evaluators are plain
 * in-memory fakes here; ProductTest does the same with the real processes and a real kill.
 */
class SearchRunResumeTest {
  static final UUID JOB = UUID.randomUUID();

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void aJobKilledBetweenStoringACandidateAndSendingItEndsAsIfNeverKilled(Strategy strategy) {
    JobSpec spec = spec(strategy, 160, null);
    Outcome uninterrupted = run(spec, new FakeDatabase(Integer.MAX_VALUE));

    FakeDatabase database =
        new FakeDatabase(57); // dies storing its 57th candidate, before sending it
    Outcome killed = run(spec, database);
    assertThat(killed.killed()).isTrue();
    assertThat(database.rows.getLast().sentAt).as("the row the dead worker never sent").isNull();
    Outcome resumed = run(spec, database.revived());

    assertThat(resumed.killed()).isFalse();
    assertThat(resumed.fingerprints()).isEqualTo(uninterrupted.fingerprints());
    assertThat(database.sends).as("the budget counts what was sent").hasSize(160);
    assertThat(database.rows)
        .as("stored infeasible rows are reused, not stored again")
        .extracting(c -> c.fingerprint)
        .doesNotHaveDuplicates();
    assertThat(database.sends.values())
        .as("each candidate sent (so evaluated) once")
        .containsOnly(1);
    assertThat(resumed.generations()).isEqualTo(uninterrupted.generations());
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void earlyStopAndTheGeneticSearchsRestartsHappenAtTheSameGenerationsOnAReplay(Strategy strategy) {
    // A small population converges: the genetic search stalls and restarts, then the front
    // plateaus.
    JobSpec spec = spec(strategy, 3000, 12);
    FakeDatabase first = new FakeDatabase(Integer.MAX_VALUE);
    Outcome uninterrupted = run(spec, first);
    assertThat(uninterrupted.stoppedEarly())
        .as("the plateau ends the search before its budget")
        .isPresent();
    assertThat(uninterrupted.fingerprints().size()).isLessThan(3000);
    if (strategy == Strategy.GENETIC)
      assertThat(uninterrupted.stalledGenerations()).as("it stalled, so restarted").isPositive();

    // dies two thirds of the way through the candidates sent (those infeasible by construction
    // are stored without a send)
    FakeDatabase database = new FakeDatabase(first.sends.size() * 2 / 3);
    assertThat(run(spec, database).killed()).isTrue();
    Outcome resumed = run(spec, database.revived());

    assertThat(resumed.fingerprints()).isEqualTo(uninterrupted.fingerprints());
    assertThat(resumed.generations()).isEqualTo(uninterrupted.generations());
    assertThat(resumed.stoppedEarly()).isEqualTo(uninterrupted.stoppedEarly());
    assertThat(database.sends.values()).containsOnly(1);
  }

  static JobSpec spec(Strategy strategy, int maxCandidates, Integer plateauGenerations) {
    Constraints limits =
        new Constraints(
            (long) SyntheticBenchmark.MAX_BYTES, SyntheticBenchmark.MAX_LATENCY, null, null, null);
    return new JobSpec(
            "resume",
            "synthetic",
            "mobile-cnn",
            "host-cpu",
            limits,
            null,
            new Budget(maxCandidates, 60, null, 4, plateauGenerations),
            strategy,
            Fidelity.defaults(),
            7L)
        .withDefaults();
  }

  record Outcome(
      boolean killed,
      List<String> fingerprints,
      int generations,
      int stalledGenerations,
      Optional<String> stoppedEarly) {}

  /** One worker running the job until its search ends or the worker is killed. */
  static Outcome run(JobSpec spec, FakeDatabase database) {
    Progress progress = new Progress();
    // as JobRunner does: the genetic search prunes with the policy fixed in the job's first
    // checkpoint
    PruningPolicy policy = spec.strategy() == Strategy.GENETIC ? PruningPolicy.fresh() : null;
    SearchRun run =
        new SearchRun(
            JOB, spec, Instant.now(), database, new ResultArrivals(), progress, () -> true, policy);
    boolean killed = false;
    try {
      SearchStrategy.of(spec.strategy(), spec.seed(), spec.budget().effectivePopulationSize())
          .search(run);
    } catch (RuntimeException e) {
      killed = causedByKill(e);
      if (!killed) throw e;
    }
    return new Outcome(
        killed,
        database.rows.stream().map(c -> c.fingerprint).toList(),
        progress.generations,
        progress.stalled,
        run.stoppedEarly());
  }

  static boolean causedByKill(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof Killed) return true;
    return false;
  }

  static final class Killed extends RuntimeException {
    Killed() {
      super("kill -9");
    }
  }

  /** The candidate table plus evaluators that answer at once with the synthetic objective. */
  static final class FakeDatabase extends Evaluations {
    final List<Candidate> rows;
    final Map<UUID, Integer> sends;
    private final int dieOnSubmit;
    private int submits;

    FakeDatabase(int dieOnSubmit) {
      this(new ArrayList<>(), new HashMap<>(), dieOnSubmit);
    }

    private FakeDatabase(List<Candidate> rows, Map<UUID, Integer> sends, int dieOnSubmit) {
      this.rows = rows;
      this.sends = sends;
      this.dieOnSubmit = dieOnSubmit;
    }

    /** The same rows, seen by the worker that takes the job over. */
    FakeDatabase revived() {
      return new FakeDatabase(rows, sends, Integer.MAX_VALUE);
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
      rows.add(c);
      if (++submits == dieOnSubmit) throw new Killed();
      send(c);
      return c.id;
    }

    @Override
    public UUID recordInfeasible(
        UUID jobId,
        CandidateSpec candidate,
        String fingerprint,
        int[] genome,
        int generation,
        ConstructionCheck check) {
      Candidate c =
          Candidate.infeasibleByConstruction(
              jobId, fingerprint, generation, Json.write(genome), Json.write(candidate), check);
      rows.add(c);
      return c.id;
    }

    @Override
    public void resendStale(UUID jobId, JobSpec spec) {
      rows.stream()
          .filter(c -> c.status == CandidateStatus.PENDING && c.sentAt == null)
          .forEach(this::send);
    }

    @Override
    public List<Candidate> rows(UUID jobId) {
      return List.copyOf(rows);
    }

    private void send(Candidate c) {
      sends.merge(c.id, 1, Integer::sum);
      c.sentAt = Instant.now();
      Objectives o = SyntheticBenchmark.of(Json.read(c.genome, int[].class));
      Latency latency =
          new Latency(
              o.latencyMs(),
              o.latencyMs(),
              0,
              1,
              "fp32",
              MetricSource.measured("host-cpu", 100, "synthetic"));
      c.metrics =
          Json.write(
              new Metrics(
                  o.accuracy(),
                  "validation",
                  MetricSource.measured("host-cpu", 1, "synthetic"),
                  latency,
                  (long) o.modelBytes(),
                  0,
                  0,
                  0,
                  null));
      c.status = CandidateStatus.SUCCEEDED;
    }
  }

  /**
   * Counts generations, and those in which nothing new was stored (the genetic search's stalls).
   */
  static final class Progress extends JobProgressStore {
    /** No device pauses here: the wall clock since the start. */
    @Override
    public java.time.Duration activeTime(UUID jobId, Instant startedAt) {
      return java.time.Duration.between(startedAt, Instant.now());
    }

    int generations;
    int stalled;
    private int lastStored = -1;

    @Override
    public boolean cancelRequested(UUID jobId) {
      return false;
    }

    @Override
    public boolean cancelHeard(UUID jobId) {
      return false;
    }

    @Override
    void update(
        UUID jobId, int generation, JobSpec spec, List<Candidate> rows, Instant startedAt) {}

    @Override
    void recordGeneration(
        UUID jobId,
        int generation,
        JobSpec spec,
        List<Candidate> rows,
        Instant startedAt,
        Double policyReward,
        PruningPolicy.State policy) {
      generations = generation;
      if (rows.size() == lastStored) stalled++;
      lastStored = rows.size();
    }
  }
}
