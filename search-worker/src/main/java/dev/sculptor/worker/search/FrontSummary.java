package dev.sculptor.worker.search;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.pareto.Hypervolume;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.evaluation.Feasibility;
import dev.sculptor.worker.strategy.SearchBudget;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's front as its progress, history and final phase show it: the non-dominated candidates
 * (constrained dominance), the hypervolume they span and the best feasible accuracy. The reference
 * point is the job's limits, or 1.1× the worst evaluated value where the job sets none.
 */
record FrontSummary(List<Candidate> front, double hypervolume, Double bestFeasibleAccuracy) {

  static FrontSummary of(JobSpec spec, List<Candidate> rows) {
    Map<Candidate, Objectives> objectives = new IdentityHashMap<>();
    for (Candidate c : rows) {
      Objectives o = objectives(spec, c);
      if (o != SearchBudget.NOT_EVALUATED) objectives.put(c, o);
    }
    List<Candidate> evaluated = rows.stream().filter(objectives::containsKey).toList();
    List<Candidate> front = ParetoFront.of(evaluated, objectives::get);
    double refLatency =
        spec.constraints().maxLatencyMs() != null
            ? spec.constraints().maxLatencyMs()
            : 1.1
                * evaluated.stream()
                    .mapToDouble(c -> objectives.get(c).latencyMs())
                    .max()
                    .orElse(1);
    double refBytes =
        spec.constraints().maxModelBytes() != null
            ? spec.constraints().maxModelBytes()
            : 1.1
                * evaluated.stream()
                    .mapToDouble(c -> objectives.get(c).modelBytes())
                    .max()
                    .orElse(1);
    double hv = Hypervolume.of(front.stream().map(objectives::get).toList(), refLatency, refBytes);
    // a front with no feasible member (nothing meets the limits yet) has no best feasible accuracy
    Double best =
        front.stream()
            .map(objectives::get)
            .filter(Objectives::feasible)
            .map(Objectives::accuracy)
            .max(Double::compare)
            .orElse(null);
    return new FrontSummary(front, hv, best);
  }

  /**
   * A row's objectives under the job's limits; {@link SearchBudget#NOT_EVALUATED} unless it
   * succeeded.
   */
  static Objectives objectives(JobSpec spec, Candidate c) {
    if (c.status != CandidateStatus.SUCCEEDED || c.metrics == null)
      return SearchBudget.NOT_EVALUATED;
    Metrics m = Json.read(c.metrics, Metrics.class);
    return new Objectives(
        m.accuracy(),
        m.latency().medianMs(),
        m.modelBytes(),
        Feasibility.violation(spec.constraints(), m));
  }
}
