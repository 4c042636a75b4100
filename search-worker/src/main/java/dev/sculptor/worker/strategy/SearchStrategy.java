package dev.sculptor.worker.strategy;

import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.space.GenomeLayout;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.List;

/** A way to choose which genomes to evaluate next; all see the same {@link SearchBudget}. */
public sealed interface SearchStrategy permits GeneticSearch, RandomSearch, RegularizedEvolution {

  /** Runs until the budget says stop. */
  void search(SearchBudget budget);

  /** Over the basic genome (no technique beyond pruning and one precision). */
  static SearchStrategy of(Strategy strategy, long seed, int populationSize) {
    return of(strategy, seed, populationSize, MobileCnnSpace.layout(List.of()));
  }

  /** Over the genes of {@code layout} (the job's techniques). */
  static SearchStrategy of(Strategy strategy, long seed, int populationSize, GenomeLayout layout) {
    return switch (strategy) {
      case GENETIC -> new GeneticSearch(seed, populationSize, ModelGuidance.DEFAULT, layout);
      case RANDOM -> new RandomSearch(seed, populationSize, layout);
      case REGULARIZED_EVOLUTION -> new RegularizedEvolution(seed, populationSize, layout);
    };
  }
}
