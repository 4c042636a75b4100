package dev.sculptor.worker.strategy;

import dev.sculptor.core.pareto.Dominance;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.GenomeLayout;
import dev.sculptor.core.space.MobileCnnSpace;
import io.jenetics.Alterer;
import io.jenetics.Genotype;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Engine;
import io.jenetics.engine.Evaluator;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.UFTournamentSelector;
import io.jenetics.ext.moea.Vec;
import io.jenetics.ext.moea.VecFactory;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.List;
import java.util.random.RandomGeneratorFactory;

/**
 * The genetic search: a Jenetics engine with NSGA-II survivor selection over (accuracy, latency,
 * size). Measured constraints enter through {@link Dominance#asMaximised}, so feasible candidates
 * dominate infeasible ones and smaller violations win — the rule Jenetics' MOEA lacks. A whole
 * generation is evaluated as one batch by the custom {@link Evaluator}. When three generations in a
 * row propose only candidates already evaluated, the engine restarts from its non-dominated members
 * plus random newcomers. Offspring are bred with model-based proposals ({@link
 * ModelGuidedBreeding}, set by {@link ModelGuidance}). Seeded: the same seed gives the same
 * sequence of genomes.
 */
public record GeneticSearch(
    long seed, int populationSize, ModelGuidance guidance, GenomeLayout layout)
    implements SearchStrategy {
  private static final int MAX_FRUITLESS_RESTARTS = 20;
  private static final VecFactory<double[]> VECTORS =
      VecFactory.ofDoubleVec(Optimize.MAXIMUM, Optimize.MAXIMUM, Optimize.MAXIMUM);

  public GeneticSearch(long seed, int populationSize) {
    this(seed, populationSize, ModelGuidance.DEFAULT);
  }

  /** Over the basic genome (no technique beyond pruning and one precision). */
  public GeneticSearch(long seed, int populationSize, ModelGuidance guidance) {
    this(seed, populationSize, guidance, MobileCnnSpace.layout(List.of()));
  }

  @Override
  public void search(SearchBudget budget) {
    searchCounting(budget);
  }

  /** Searches and says what model-guided breeding did (for benchmarks). */
  public BreedingCounts searchCounting(SearchBudget budget) {
    ModelGuidedBreeding<Vec<double[]>> breeding =
        new ModelGuidedBreeding<>(
            Alterer.<IntegerGene, Vec<double[]>>of(
                new UniformCrossover<>(0.3, 0.3), new Mutator<>(0.08)),
            guidance,
            layout);
    Evaluator<IntegerGene, Vec<double[]>> evaluator =
        population -> {
          List<Phenotype<IntegerGene, Vec<double[]>>> pending =
              population.stream().filter(Phenotype::nonEvaluated).toList();
          List<int[]> genomes =
              pending.stream().map(p -> Genotypes.genes(p.genotype(), layout)).toList();
          List<Objectives> objectives = budget.evaluate(genomes);
          for (int i = 0; i < genomes.size(); i++)
            if (objectives.get(i) != SearchBudget.NOT_EVALUATED)
              breeding.record(genomes.get(i), objectives.get(i));
          java.util.Map<Phenotype<IntegerGene, Vec<double[]>>, Vec<double[]>> fitness =
              new java.util.IdentityHashMap<>();
          for (int i = 0; i < pending.size(); i++)
            fitness.put(pending.get(i), VECTORS.newVec(Dominance.asMaximised(objectives.get(i))));
          return population.stream()
              .map(p -> p.nonEvaluated() ? p.withFitness(fitness.get(p)) : p)
              .collect(ISeq.toISeq());
        };
    RandomRegistry.with(RandomGeneratorFactory.of("L64X256MixRandom").create(seed))
        .run(
            () -> {
              Engine<IntegerGene, Vec<double[]>> engine =
                  new Engine.Builder<>(evaluator, Genotypes.factory(layout))
                      .populationSize(populationSize)
                      .offspringSelector(UFTournamentSelector.ofVec())
                      .survivorsSelector(NSGA2Selector.ofVec())
                      .alterers(breeding)
                      .executor(Runnable::run)
                      .build();
              List<Genotype<IntegerGene>> start = List.of();
              int fruitless = 0;
              while (budget.goOn() && fruitless < MAX_FRUITLESS_RESTARTS) {
                int before = budget.evaluated();
                Stall stall = new Stall(budget);
                var last =
                    engine.stream(start)
                        .takeWhile(r -> budget.goOn() && !stall.stalled())
                        .reduce((a, b) -> b);
                if (last.isEmpty()) break;
                fruitless =
                    budget.evaluated() == before
                        ? fruitless + 1
                        : 0; // ends a search with nothing new left to find
                // Stalled: the population only proposes candidates already evaluated. Restart from
                // its
                // non-dominated members; Jenetics fills the rest of the population with random
                // genotypes.
                start = nonDominated(last.get().population());
              }
            });
    return breeding.counts();
  }

  /** Counts generations in a row that evaluated nothing new. */
  private static final class Stall {
    static final int GENERATIONS = 3;
    private final SearchBudget budget;
    private int last = -1;
    private int stale;

    Stall(SearchBudget budget) {
      this.budget = budget;
    }

    boolean stalled() {
      int now = budget.evaluated();
      stale = now == last ? stale + 1 : 0;
      last = now;
      return stale >= GENERATIONS;
    }
  }

  private static List<Genotype<IntegerGene>> nonDominated(
      ISeq<Phenotype<IntegerGene, Vec<double[]>>> population) {
    return population.stream()
        .filter(
            p ->
                population.stream()
                    .noneMatch(o -> o != p && o.fitness().dominance(p.fitness()) > 0))
        .map(Phenotype::genotype)
        .distinct()
        .toList();
  }
}
