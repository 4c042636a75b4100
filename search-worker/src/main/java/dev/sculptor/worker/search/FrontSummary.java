package dev.sculptor.worker.search;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Objective;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.pareto.Hypervolume;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.evaluation.Feasibility;
import dev.sculptor.worker.strategy.SearchBudget;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's front as its progress, history and final phase show it: the non-dominated candidates
 * (constrained dominance over the job's objectives), the hypervolume they span over those
 * objectives and the best feasible accuracy. The reference point is the job's limit on each
 * objective's axis, or 1.1× the worst evaluated value where the job sets none.
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
    Map<Objective, Double> reference = new EnumMap<>(Objective.class);
    for (Objective axis : spec.objectives()) {
      if (axis == Objective.MAXIMIZE_ACCURACY) continue; // its cost, 1 − accuracy, needs none
      Double limit = limit(spec.constraints(), axis);
      reference.put(
          axis,
          limit != null
              ? limit
              : 1.1
                  * evaluated.stream()
                      .mapToDouble(c -> objectives.get(c).value(axis))
                      .max()
                      .orElse(1));
    }
    double hv =
        Hypervolume.of(front.stream().map(objectives::get).toList(), spec.objectives(), reference);
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
   * A row's objectives over the job's objectives and under its limits; {@link
   * SearchBudget#NOT_EVALUATED} unless it succeeded.
   */
  static Objectives objectives(JobSpec spec, Candidate c) {
    if (c.status != CandidateStatus.SUCCEEDED || c.metrics == null)
      return SearchBudget.NOT_EVALUATED;
    Metrics m = Json.read(c.metrics, Metrics.class);
    return new Objectives(
        m.accuracy(),
        m.latency().medianMs(),
        m.modelBytes(),
        m.params(),
        m.macs(),
        Feasibility.violation(spec.constraints(), m),
        spec.objectives());
  }

  /** The job's limit on an objective's axis, which is also its hypervolume reference; or null. */
  private static Double limit(Constraints limits, Objective axis) {
    return switch (axis) {
      case MAXIMIZE_ACCURACY -> null;
      case MINIMIZE_LATENCY -> limits.maxLatencyMs();
      case MINIMIZE_SIZE -> toDouble(limits.maxModelBytes());
      case MINIMIZE_PARAMS -> toDouble(limits.maxParams());
      case MINIMIZE_MACS -> toDouble(limits.maxMacs());
    };
  }

  private static Double toDouble(Long value) {
    return value == null ? null : value.doubleValue();
  }
}
