package dev.sculptor.worker.strategy;

import dev.sculptor.core.job.Strategy;

/** A way to choose which genomes to evaluate next; all see the same {@link SearchBudget}. */
public sealed interface SearchStrategy permits GeneticSearch, RandomSearch, RegularizedEvolution {

  /** Runs until the budget says stop. */
  void search(SearchBudget budget);

  static SearchStrategy of(Strategy strategy, long seed, int populationSize) {
    return switch (strategy) {
      case GENETIC -> new GeneticSearch(seed, populationSize);
      case RANDOM -> new RandomSearch(seed, populationSize);
      case REGULARIZED_EVOLUTION -> new RegularizedEvolution(seed, populationSize);
    };
  }
}
