package dev.sculptor.core.space;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The genes a search evolves: how many options each gene of a genome has. A gene with one option is
 * fixed (a technique the job leaves out): it is always 0 and mutation never picks it, so no
 * offspring is wasted on a change that decodes to the same candidate. Immutable.
 */
public final class GenomeLayout {
  private final int[] options;
  private final int[] mutable;
  private final int geneMax;

  GenomeLayout(int[] options) {
    this.options = options.clone();
    this.mutable =
        java.util.stream.IntStream.range(0, options.length).filter(i -> options[i] > 1).toArray();
    this.geneMax = Arrays.stream(options).max().orElse(1) - 1;
  }

  public int length() {
    return options.length;
  }

  /** How many options gene {@code index} chooses among. */
  public int options(int index) {
    return options[index];
  }

  /**
   * The largest value a gene takes before it is read modulo its option count (one range for every
   * gene).
   */
  public int geneMax() {
    return geneMax;
  }

  public int[] random(RandomGenerator random) {
    int[] genes = new int[options.length];
    for (int i = 0; i < genes.length; i++) genes[i] = random.nextInt(options[i]);
    return genes;
  }

  /**
   * Changes each gene to a random other option with probability {@code rate}, and at least one gene
   * that has another option.
   */
  public int[] mutate(int[] genes, double rate, RandomGenerator random) {
    int[] child = Arrays.copyOf(genes, options.length);
    if (mutable.length == 0) return child;
    int forced = mutable[random.nextInt(mutable.length)];
    for (int i = 0; i < child.length; i++) {
      if ((i == forced || random.nextDouble() < rate) && options[i] > 1) {
        child[i] =
            (Math.floorMod(child[i], options[i]) + 1 + random.nextInt(options[i] - 1)) % options[i];
      }
    }
    return child;
  }
}
