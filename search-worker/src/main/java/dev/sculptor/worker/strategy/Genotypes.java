package dev.sculptor.worker.strategy;

import dev.sculptor.core.space.GenomeLayout;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import java.util.ArrayList;
import java.util.List;

/**
 * The search space's genome (a plain {@code int[]} of a {@link GenomeLayout}) as the genetic
 * search's Jenetics genotype: one chromosome with one integer gene per choice, so crossover can mix
 * the choices of two parents. Only this strategy speaks Jenetics, so the conversion lives beside
 * it.
 */
final class Genotypes {
  private Genotypes() {}

  /** Random genotypes of the right shape. */
  static Genotype<IntegerGene> factory(GenomeLayout layout) {
    return Genotype.of(IntegerChromosome.of(0, layout.geneMax(), layout.length()));
  }

  /** The genotype read as option indices. */
  static int[] genes(Genotype<IntegerGene> genotype, GenomeLayout layout) {
    int[] genes = new int[layout.length()];
    for (int i = 0; i < genes.length; i++)
      genes[i] = Math.floorMod(genotype.chromosome().get(i).allele(), layout.options(i));
    return genes;
  }

  static Genotype<IntegerGene> of(int[] genes, GenomeLayout layout) {
    List<IntegerGene> list = new ArrayList<>();
    for (int g : genes) list.add(IntegerGene.of(g, 0, layout.geneMax()));
    return Genotype.of(IntegerChromosome.of(list));
  }
}
