package dev.sculptor.worker.strategy;

import dev.sculptor.core.pareto.Dominance;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.GenomeLayout;
import io.jenetics.Alterer;
import io.jenetics.AltererResult;
import io.jenetics.IntegerGene;
import io.jenetics.Phenotype;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Model-based proposals inside the genetic search: an alterer that runs the ordinary breeding
 * (crossover and mutation) several times over the selected parents and, slot by slot, keeps the
 * child that {@link ParzenScore} expects to be best among those not evaluated yet. A share of slots
 * keeps the plain first child instead (exploration), because exploiting a surrogate hard has made
 * this search worse before. The model learns only from results of earlier generations ({@link
 * #record}), and every draw comes from Jenetics' seeded registry, so a seed still fixes the whole
 * sequence.
 */
final class ModelGuidedBreeding<C extends Comparable<? super C>>
    implements Alterer<IntegerGene, C> {
  private enum Origin {
    EXPLORED,
    MODELLED
  }

  private final Alterer<IntegerGene, C> breeding;
  private final ModelGuidance guidance;
  private final GenomeLayout layout;
  private final List<ParzenScore.Evaluated> history = new ArrayList<>();
  private final Set<String> evaluated = new HashSet<>();
  private final Map<String, Origin> origins = new HashMap<>();
  private final List<Origin> historyOrigin = new ArrayList<>();
  private final ParzenScore.RankCache ranks = new ParzenScore.RankCache();
  private ParzenScore model;
  private int modelSize = -1;
  private int exploredSlots;
  private int modelledSlots;

  ModelGuidedBreeding(
      Alterer<IntegerGene, C> breeding, ModelGuidance guidance, GenomeLayout layout) {
    this.breeding = breeding;
    this.guidance = guidance;
    this.layout = layout;
  }

  /** Learns one evaluated candidate; the first result for a genome counts. */
  void record(int[] genes, Objectives objectives) {
    String key = Arrays.toString(genes);
    if (!evaluated.add(key)) return;
    history.add(new ParzenScore.Evaluated(genes.clone(), objectives));
    historyOrigin.add(origins.get(key));
  }

  @Override
  public AltererResult<IntegerGene, C> alter(Seq<Phenotype<IntegerGene, C>> population, long gen) {
    RandomGenerator random = RandomRegistry.random();
    boolean guided = guidance.candidatesPerSlot() > 1 && history.size() >= guidance.warmUp();
    int children = guided ? guidance.candidatesPerSlot() : 1;
    ParzenScore score = guided ? model() : null;
    List<ISeq<Phenotype<IntegerGene, C>>> broods = new ArrayList<>();
    for (int t = 0; t < children; t++) {
      ISeq<Phenotype<IntegerGene, C>> brood = breeding.alter(population, gen).population();
      if (t > 0 && guidance.modelMutation() > 0)
        brood = brood.map(p -> towardsGood(p, score, random, gen));
      broods.add(brood);
    }
    Set<String> taken = new HashSet<>();
    List<Phenotype<IntegerGene, C>> chosen = new ArrayList<>();
    int alterations = 0;
    for (int slot = 0; slot < population.size(); slot++) {
      // Drawn for every slot, guided or not, so the sequence of draws does not depend on the model.
      boolean explore = random.nextDouble() < guidance.explorationShare();
      Phenotype<IntegerGene, C> pick = broods.get(0).get(slot);
      if (score != null && !explore) {
        double best = Double.NEGATIVE_INFINITY;
        boolean bestIsNew = false;
        for (ISeq<Phenotype<IntegerGene, C>> brood : broods) {
          Phenotype<IntegerGene, C> child = brood.get(slot);
          String key = Arrays.toString(Genotypes.genes(child.genotype(), layout));
          boolean isNew = child.nonEvaluated() && !evaluated.contains(key) && !taken.contains(key);
          double s = score.score(Genotypes.genes(child.genotype(), layout));
          // An unevaluated child always beats a known one: re-proposing costs a slot for nothing.
          if ((isNew && !bestIsNew) || (isNew == bestIsNew && s > best)) {
            pick = child;
            best = s;
            bestIsNew = isNew;
          }
        }
      }
      String key = Arrays.toString(Genotypes.genes(pick.genotype(), layout));
      taken.add(key);
      if (score != null) {
        // Counted only once the model is on, so the counts measure the exploration share itself.
        Origin origin = explore ? Origin.EXPLORED : Origin.MODELLED;
        if (explore) exploredSlots++;
        else modelledSlots++;
        if (!evaluated.contains(key)) origins.putIfAbsent(key, origin);
      }
      if (pick.nonEvaluated()) alterations++;
      chosen.add(pick);
    }
    return new AltererResult<>(ISeq.of(chosen), alterations);
  }

  private Phenotype<IntegerGene, C> towardsGood(
      Phenotype<IntegerGene, C> child, ParzenScore score, RandomGenerator random, long gen) {
    int[] genes = Genotypes.genes(child.genotype(), layout);
    int[] moved = score.mutateTowardsGood(genes, guidance.modelMutation(), random);
    return Arrays.equals(genes, moved) ? child : Phenotype.of(Genotypes.of(moved, layout), gen);
  }

  private ParzenScore model() {
    if (modelSize != history.size()) {
      model = ParzenScore.fit(history, guidance.gamma(), ranks, layout);
      modelSize = history.size();
    }
    return model;
  }

  /** What breeding did so far; see {@link BreedingCounts}. */
  BreedingCounts counts() {
    int exploredNew = 0;
    int modelledNew = 0;
    int exploredOnFront = 0;
    int modelledOnFront = 0;
    for (int i = 0; i < history.size(); i++) {
      Origin origin = historyOrigin.get(i);
      if (origin == null) continue; // the first population, bred by nobody
      boolean onFront = true;
      for (ParzenScore.Evaluated other : history)
        if (Dominance.dominates(other.objectives(), history.get(i).objectives())) {
          onFront = false;
          break;
        }
      if (origin == Origin.EXPLORED) {
        exploredNew++;
        if (onFront) exploredOnFront++;
      } else {
        modelledNew++;
        if (onFront) modelledOnFront++;
      }
    }
    return new BreedingCounts(
        exploredSlots, modelledSlots, exploredNew, modelledNew, exploredOnFront, modelledOnFront);
  }
}
