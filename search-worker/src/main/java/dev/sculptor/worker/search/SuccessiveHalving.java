package dev.sculptor.worker.search;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.pareto.Dominance;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.EarlierStage;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.strategy.SearchBudget;
import java.util.ArrayList;
import java.util.Comparator;
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
 * continued from its checkpoint to {@code fidelity.epochs}, and the strategy sees each candidate's
 * best available result. The rest keep their short result, labelled by the row's {@code
 * fidelityEpochs}. The choice reads only stored first-stage results, so a replay after a crash
 * chooses the same candidates and continues none twice.
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
    List<UUID> chosen = promising(spec, ofGeneration).stream().map(c -> c.id).toList();
    if (chosen.isEmpty()) return firstStage;
    evaluations.continueCandidates(jobId, spec, chosen);
    ResultWait.Arrived continued = results.await(chosen, resultsIn);
    Map<UUID, Candidate> done = new LinkedHashMap<>(firstStage.done());
    done.putAll(continued.done());
    return new ResultWait.Arrived(done, continued.interrupted());
  }

  /**
   * The candidates of one generation to continue: the best {@code keep} share (rounded up) of those
   * whose first stage succeeded, judged on their first-stage results.
   */
  static List<Candidate> promising(JobSpec spec, List<Candidate> generation) {
    Map<Candidate, Objectives> first = new IdentityHashMap<>();
    for (Candidate c : generation) {
      Objectives o = firstStage(spec, c);
      if (o != SearchBudget.NOT_EVALUATED) first.put(c, o);
    }
    List<Candidate> left =
        new ArrayList<>(
            generation.stream()
                .filter(first::containsKey)
                .sorted(Comparator.comparing((Candidate c) -> c.fingerprint))
                .toList());
    int keep = (int) Math.ceil(spec.fidelity().keep() * left.size());
    List<Candidate> chosen = new ArrayList<>();
    while (chosen.size() < keep) {
      List<Candidate> rank = nonDominated(left, first);
      if (chosen.size() + rank.size() > keep) {
        rank =
            rank.stream()
                .sorted(
                    Comparator.comparing((Candidate c) -> !first.get(c).feasible())
                        .thenComparing(c -> -first.get(c).accuracy())
                        .thenComparing(c -> c.fingerprint))
                .limit(keep - chosen.size())
                .toList();
      }
      chosen.addAll(rank);
      left.removeAll(rank);
    }
    return chosen;
  }

  /** The members of {@code items} no other member dominates (constrained dominance). */
  private static List<Candidate> nonDominated(
      List<Candidate> items, Map<Candidate, Objectives> objectives) {
    List<Candidate> rank = new ArrayList<>();
    for (Candidate c : items) {
      boolean dominated = false;
      for (Candidate other : items) {
        if (other != c && Dominance.dominates(objectives.get(other), objectives.get(c))) {
          dominated = true;
          break;
        }
      }
      if (!dominated) rank.add(c);
    }
    return rank;
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
