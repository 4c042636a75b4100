package dev.sculptor.worker.search;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.EvaluationResult.EpochStats;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.pareto.Dominance;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.EarlierStage;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.strategy.SearchBudget;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Successive halving within one generation ({@code fidelity.schedule: successive-halving}): the
 * generation's new candidates were sent at {@code fidelity.firstEpochs}; once their results are in,
 * the best {@code fidelity.keep} share of them by their first-stage results (non-dominated rank
 * under constrained dominance, ties in the last rank by feasibility, accuracy, then fingerprint) is
 * continued from its checkpoint to {@code fidelity.epochs}, except those whose learning curve
 * cannot reach the front ({@link #canReach}), and the strategy sees each candidate's best available
 * result. The rest keep their short result, labelled by the row's {@code fidelityEpochs}. The
 * choice reads only stored first-stage results, so a replay after a crash chooses the same
 * candidates and continues none twice.
 */
final class SuccessiveHalving {
  private final UUID jobId;
  private final JobSpec spec;
  private final Evaluations evaluations;
  private final ResultWait results;

  SuccessiveHalving(UUID jobId, JobSpec spec, Evaluations evaluations, ResultWait results) {
    this.jobId = jobId;
    this.spec = spec;
    this.evaluations = evaluations;
    this.results = results;
  }

  /**
   * After generation {@code generation}'s first stage came back as {@code firstStage}: continues
   * its most promising candidates, waits for them, and returns every awaited row as it is then.
   */
  ResultWait.Arrived continuePromising(
      int generation, ResultWait.Arrived firstStage, Consumer<List<Candidate>> resultsIn) {
    if (firstStage.interrupted()) return firstStage;
    List<Candidate> ofGeneration =
        firstStage.done().values().stream().filter(c -> c.generation == generation).toList();
    List<FrontPoint> front = frontBefore(spec, generation, evaluations.rows(jobId));
    double chance = 1.0 / evaluations.dataset(spec.dataset()).info().classes();
    List<UUID> chosen =
        promising(spec, ofGeneration).stream()
            .filter(c -> canReach(spec, c, front, chance))
            .map(c -> c.id)
            .toList();
    if (chosen.isEmpty()) return firstStage;
    evaluations.continueCandidates(jobId, spec, chosen);
    ResultWait.Arrived continued = results.await(chosen, resultsIn);
    Map<UUID, Candidate> done = new LinkedHashMap<>(firstStage.done());
    done.putAll(continued.done());
    return new ResultWait.Arrived(done, continued.interrupted());
  }

  /**
   * The candidates of one generation to continue: the best {@code keep} share (rounded up) of those
   * whose first stage succeeded, judged on their first-stage results ({@link ContinuationChoice}).
   */
  static List<Candidate> promising(JobSpec spec, List<Candidate> generation) {
    Map<Candidate, Objectives> first = new IdentityHashMap<>();
    for (Candidate c : generation) {
      Objectives o = firstStage(spec, c);
      if (o != SearchBudget.NOT_EVALUATED) first.put(c, o);
    }
    return ContinuationChoice.best(
        generation.stream().filter(first::containsKey).toList(),
        first::get,
        c -> c.fingerprint,
        spec.fidelity().keep());
  }

  /**
   * The front as it stood when generation {@code generation}'s first stage came back: rows of
   * earlier generations as they are (their continuation, if any, happened in their own generation)
   * and this generation's at their first stage; later generations' rows (stored before a crash) do
   * not count, so a replay judges exactly as the first run did.
   */
  static List<FrontPoint> frontBefore(JobSpec spec, int generation, List<Candidate> rows) {
    Map<Candidate, Objectives> objectives = new IdentityHashMap<>();
    for (Candidate c : rows) {
      if (c.generation > generation) continue;
      Objectives first = c.generation == generation ? firstStage(spec, c) : null;
      Objectives o =
          first != null && first != SearchBudget.NOT_EVALUATED
              ? first
              : FrontSummary.objectives(spec, c);
      if (o != SearchBudget.NOT_EVALUATED && o.feasible()) objectives.put(c, o);
    }
    List<Candidate> members = List.copyOf(objectives.keySet());
    int[] ranks = ParetoFront.ranks(members.stream().map(objectives::get).toList());
    return java.util.stream.IntStream.range(0, members.size())
        .filter(i -> ranks[i] == 0)
        .mapToObj(i -> new FrontPoint(members.get(i).id, objectives.get(members.get(i))))
        .toList();
  }

  /** One member of the front: its row and objectives. */
  record FrontPoint(UUID id, Objectives objectives) {}

  /**
   * Whether {@code c}'s learning curve can still take it onto {@code front}: at the most optimistic
   * accuracy its curve allows (its first-stage accuracy plus, for each remaining epoch, the largest
   * gain of validation accuracy in one epoch it has shown, counting from chance before its first
   * epoch; at most 1), with its latency and size (training changes neither), no front member may
   * dominate it. A candidate infeasible at its first stage is left to the ranking (more training
   * may lift it over an accuracy floor, and this bound does not model the floor).
   */
  static boolean canReach(JobSpec spec, Candidate c, List<FrontPoint> front, double chance) {
    // continued already (a replay): the choice was made while it was short
    if (c.earlierStage != null) return true;
    Objectives first = firstStage(spec, c);
    if (first == SearchBudget.NOT_EVALUATED || !first.feasible()) return true;
    int done = c.fidelityEpochs == null ? spec.fidelity().epochs() : c.fidelityEpochs;
    int remaining = spec.fidelity().epochs() - done;
    double best = first.accuracy() + remaining * bestGain(c, chance);
    Objectives optimistic =
        new Objectives(Math.min(1.0, best), first.latencyMs(), first.modelBytes(), 0);
    for (FrontPoint f : front) {
      if (!f.id().equals(c.id) && Dominance.dominates(f.objectives(), optimistic)) return false;
    }
    return true;
  }

  /** The largest one-epoch gain of validation accuracy on {@code c}'s training curve. */
  private static double bestGain(Candidate c, double chance) {
    if (c.trainingCurve == null) return 1.0; // no curve: nothing can be ruled out
    EpochStats[] curve = Json.read(c.trainingCurve, EpochStats[].class);
    double previous = chance;
    double gain = 0;
    boolean any = false;
    for (EpochStats e : curve) {
      if (!"train".equals(e.phase())) continue;
      gain = Math.max(gain, e.validationAccuracy() - previous);
      previous = e.validationAccuracy();
      any = true;
    }
    return any ? gain : 1.0;
  }

  /**
   * A row's first-stage objectives: the kept first stage of a continued row, else the row's own
   * result when it was trained short of the full epochs; {@link SearchBudget#NOT_EVALUATED}
   * otherwise (failed, pending, or trained in full from the start).
   */
  static Objectives firstStage(JobSpec spec, Candidate c) {
    if (c.earlierStage != null) {
      EarlierStage e = Json.read(c.earlierStage, EarlierStage.class);
      Candidate asItWas = new Candidate();
      asItWas.status = CandidateStatus.SUCCEEDED;
      asItWas.metrics = e.metrics();
      return FrontSummary.objectives(spec, asItWas);
    }
    boolean short_ = c.fidelityEpochs != null && c.fidelityEpochs < spec.fidelity().epochs();
    return short_ ? FrontSummary.objectives(spec, c) : SearchBudget.NOT_EVALUATED;
  }
}
