package dev.sculptor.worker.strategy;

import dev.sculptor.core.pareto.Dominance;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.GenomeLayout;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Baseline: regularised (aging) evolution (Real et al. 2019) — a queue of the newest candidates;
 * each child mutates the best of a random sample, and the oldest member leaves. "Best" is by
 * constrained dominance, ties broken by accuracy. Children are evaluated a batch at a time.
 */
public record RegularizedEvolution(long seed, int populationSize, GenomeLayout layout)
    implements SearchStrategy {
  /** Over the basic genome. */
  public RegularizedEvolution(long seed, int populationSize) {
    this(seed, populationSize, MobileCnnSpace.layout(java.util.List.of()));
  }

  record Member(int[] genes, Objectives objectives) {}

  @Override
  public void search(SearchBudget budget) {
    SplittableRandom random = new SplittableRandom(seed);
    Deque<Member> population = new ArrayDeque<>();
    List<int[]> first = new ArrayList<>();
    for (int i = 0; i < populationSize; i++) first.add(layout.random(random));
    add(population, first, budget.evaluate(first));
    int sample = Math.max(2, populationSize / 3);
    while (budget.goOn()) {
      List<int[]> children = new ArrayList<>();
      List<Member> members = List.copyOf(population);
      for (int i = 0; i < Math.max(1, populationSize / 2); i++) {
        Member best = null;
        for (int s = 0; s < sample; s++) {
          Member m = members.get(random.nextInt(members.size()));
          if (best == null || better(m.objectives(), best.objectives())) best = m;
        }
        children.add(layout.mutate(best.genes(), 0.1, random));
      }
      add(population, children, budget.evaluate(children));
      while (population.size() > populationSize) population.removeFirst();
    }
  }

  private static void add(
      Deque<Member> population, List<int[]> genes, List<Objectives> objectives) {
    for (int i = 0; i < genes.size(); i++)
      population.addLast(new Member(genes.get(i), objectives.get(i)));
  }

  static boolean better(Objectives a, Objectives b) {
    if (Dominance.dominates(a, b)) return true;
    if (Dominance.dominates(b, a)) return false;
    return a.accuracy() > b.accuracy();
  }
}
