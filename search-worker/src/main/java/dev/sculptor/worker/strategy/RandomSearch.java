package dev.sculptor.worker.strategy;

import dev.sculptor.core.space.GenomeLayout;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Baseline: uniformly random genomes, a population's worth at a time. */
public record RandomSearch(long seed, int batchSize, GenomeLayout layout)
    implements SearchStrategy {
  /** Over the basic genome. */
  public RandomSearch(long seed, int batchSize) {
    this(seed, batchSize, MobileCnnSpace.layout(java.util.List.of()));
  }

  @Override
  public void search(SearchBudget budget) {
    SplittableRandom random = new SplittableRandom(seed);
    while (budget.goOn()) {
      List<int[]> batch = new ArrayList<>();
      for (int i = 0; i < batchSize; i++) batch.add(layout.random(random));
      budget.evaluate(batch);
    }
  }
}
