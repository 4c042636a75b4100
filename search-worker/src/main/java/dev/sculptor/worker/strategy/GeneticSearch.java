package dev.sculptor.worker.strategy;

import dev.sculptor.core.pareto.Dominance;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.MobileCnnSpace;
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
 * generation is evaluated as one batch by the custom {@link Evaluator}. Seeded: the same seed gives
 * the same sequence of genomes.
 */
public record GeneticSearch(long seed, int populationSize) implements SearchStrategy {
  private static final VecFactory<double[]> VECTORS = VecFactory.ofDoubleVec(Optimize.MAXIMUM, Optimize.MAXIMUM, Optimize.MAXIMUM);

  @Override
  public void search(SearchBudget budget) {
    Evaluator<IntegerGene, Vec<double[]>> evaluator = population -> {
      List<Phenotype<IntegerGene, Vec<double[]>>> pending = population.stream().filter(Phenotype::nonEvaluated).toList();
      List<Objectives> objectives = budget.evaluate(pending.stream().map(p -> MobileCnnSpace.genes(p.genotype())).toList());
      java.util.Map<Phenotype<IntegerGene, Vec<double[]>>, Vec<double[]>> fitness = new java.util.IdentityHashMap<>();
      for (int i = 0; i < pending.size(); i++) fitness.put(pending.get(i), VECTORS.newVec(Dominance.asMaximised(objectives.get(i))));
      return population.stream().map(p -> p.nonEvaluated() ? p.withFitness(fitness.get(p)) : p).collect(ISeq.toISeq());
    };
    RandomRegistry.with(RandomGeneratorFactory.of("L64X256MixRandom").create(seed)).run(() -> {
      Engine<IntegerGene, Vec<double[]>> engine = new Engine.Builder<>(evaluator, MobileCnnSpace.genotypeFactory())
          .populationSize(populationSize)
          .offspringSelector(UFTournamentSelector.ofVec())
          .survivorsSelector(NSGA2Selector.ofVec())
          .alterers(new UniformCrossover<>(0.3, 0.3), new Mutator<>(0.08))
          .executor(Runnable::run)
          .build();
      engine.stream().takeWhile(r -> budget.goOn()).forEach(r -> {});
    });
  }
}
