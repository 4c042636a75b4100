package dev.sculptor.worker.strategy;

import dev.sculptor.core.pareto.Objectives;
import java.util.List;

/**
 * What a strategy may ask of a search: evaluate a batch of genomes (one generation) and learn their
 * objectives, and whether to go on. Implemented by the worker (real evaluations) and by tests
 * (synthetic objectives).
 */
public interface SearchBudget {
  /**
   * Objectives of each genome, in order; a genome past the budget comes back {@link
   * #NOT_EVALUATED}.
   */
  List<Objectives> evaluate(List<int[]> genomes);

  /** False once the budget is spent, the job was cancelled or its time is up. */
  boolean goOn();

  /** Distinct candidates evaluated (or sent for evaluation) so far: what the budget counts. */
  int evaluated();

  /** Worse than any evaluated candidate under constrained dominance. */
  Objectives NOT_EVALUATED = new Objectives(0, Double.MAX_VALUE, Double.MAX_VALUE, 1e12);
}
