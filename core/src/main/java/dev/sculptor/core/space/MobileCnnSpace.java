package dev.sculptor.core.space;

import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The default search space and its genome: one integer gene per choice, read modulo the number of
 * options of that choice, so every genome decodes to a valid candidate (nothing to repair). A
 * genome is a plain {@code int[]}; the genetic search carries it as a Jenetics genotype of its own
 * (search-worker), the other strategies and the benchmarks use it as it is.
 *
 * <p>Layout: stem width, stage count, 4 × (block, kernel, width, depth, expansion), activation,
 * head (hidden units × how it reads the last feature map, {@link #HEAD}), weight precision,
 * learning rate, uniform pruning ratio, then the compression genes added later: magnitude sparsity,
 * low-rank ratio, distillation on/off, its temperature and soft-loss weight, quantisation-aware
 * training on/off and the per-layer precision mix. Stages beyond the stage count are carried but
 * unused (their genes still evolve). The uniform pruning gene gives every prunable layer the same
 * ratio; the RL pruning policy, when used, replaces it per layer. Option 0 of every later gene is
 * "off", and a shorter genome reads its missing genes as 0, so genomes stored before a gene existed
 * decode to the candidates they always did.
 */
public final class MobileCnnSpace {
  public static final String ID = "mobile-cnn";
  static final int[] STEM = {8, 12, 16, 24, 32};
  static final int[] KERNEL = {3, 5};
  static final int[] WIDTH = {8, 16, 24, 32, 48, 64, 96, 128};
  static final int[] DEPTH = {1, 2, 3};
  static final int[] EXPANSION = {1, 3, 6};
  static final int[] HIDDEN = {0, 64, 128};

  /**
   * The head gene's options: the hidden units after global average pooling, then the same after a
   * flatten. The pooled heads come first, so genomes stored before the flattened ones existed
   * decode to the heads they always did.
   */
  static final int HEAD = 2 * HIDDEN.length;

  static final double[] LEARNING_RATE = {1e-3, 3e-3};
  static final List<Double> PRUNING = CompressionPlan.PRUNING_RATIOS;
  static final List<Double> SPARSITY = CompressionPlan.SPARSITIES;
  static final List<Double> LOW_RANK = CompressionPlan.LOW_RANK_RATIOS;
  static final int MAX_STAGES = 4;

  /** Number of options of each gene, in genome order. */
  static final int[] CARDINALITY;

  static {
    List<Integer> c = new ArrayList<>(List.of(STEM.length, MAX_STAGES));
    for (int s = 0; s < MAX_STAGES; s++)
      c.addAll(
          List.of(
              BlockType.values().length,
              KERNEL.length,
              WIDTH.length,
              DEPTH.length,
              EXPANSION.length));
    c.addAll(
        List.of(
            Activation.values().length,
            HEAD,
            Precision.values().length,
            LEARNING_RATE.length,
            PRUNING.size(),
            SPARSITY.size(),
            LOW_RANK.size(),
            2,
            Distillation.TEMPERATURES.length,
            Distillation.WEIGHTS.length,
            2,
            PrecisionMix.values().length));
    CARDINALITY = c.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Positions of each later technique's genes (after the uniform pruning gene). */
  private static final Map<CompressionTechnique, int[]> GENES;

  static {
    int first = CARDINALITY.length - 7;
    GENES =
        Map.of(
            CompressionTechnique.SPARSITY, new int[] {first},
            CompressionTechnique.LOW_RANK, new int[] {first + 1},
            CompressionTechnique.DISTILLATION, new int[] {first + 2, first + 3, first + 4},
            CompressionTechnique.QUANTISATION_AWARE_TRAINING, new int[] {first + 5},
            CompressionTechnique.MIXED_PRECISION, new int[] {first + 6});
  }

  private MobileCnnSpace() {}

  /** The genome of a job that uses no technique beyond pruning and one precision. */
  private static final GenomeLayout BASIC = layout(java.util.List.of());

  /**
   * The genes a job's search evolves: the basic genes, plus those of the techniques it names. A job
   * with no technique gets the genome as it was before the later genes existed, so its seeded
   * searches propose what they always did.
   */
  public static GenomeLayout layout(Collection<CompressionTechnique> techniques) {
    int basic = CARDINALITY.length - 7;
    if (techniques == null || techniques.isEmpty())
      return new GenomeLayout(java.util.Arrays.copyOf(CARDINALITY, basic));
    int[] options = CARDINALITY.clone();
    for (CompressionTechnique t : CompressionTechnique.values())
      if (!techniques.contains(t)) for (int i : GENES.get(t)) options[i] = 1;
    return new GenomeLayout(options);
  }

  /** The basic genome's length (see {@link #layout}). */
  public static int genomeLength() {
    return BASIC.length();
  }

  /** The basic genome's largest gene value. */
  public static int geneMax() {
    return BASIC.geneMax();
  }

  /** How many options gene {@code index} of the basic genome chooses among. */
  public static int options(int index) {
    return BASIC.options(index);
  }

  /** A random basic genome. */
  public static int[] random(RandomGenerator random) {
    return BASIC.random(random);
  }

  /** A mutation of a basic genome (see {@link GenomeLayout#mutate}). */
  public static int[] mutate(int[] genes, double rate, RandomGenerator random) {
    return BASIC.mutate(genes, rate, random);
  }

  /**
   * The candidate a genome stands for; {@code pruning} (per prunable layer) overrides the uniform
   * gene.
   */
  public static CandidateSpec decode(int[] g, List<Double> pruning) {
    int i = 0;
    int stem = STEM[clamp(g, i++)];
    int stageCount = clamp(g, i++) + 1;
    List<StageSpec> stages = new ArrayList<>();
    for (int s = 0; s < MAX_STAGES; s++) {
      StageSpec stage =
          new StageSpec(
              BlockType.values()[clamp(g, i)],
              KERNEL[clamp(g, i + 1)],
              WIDTH[clamp(g, i + 2)],
              DEPTH[clamp(g, i + 3)],
              EXPANSION[clamp(g, i + 4)]);
      i += 5;
      if (s < stageCount) stages.add(stage);
    }
    Activation activation = Activation.values()[clamp(g, i++)];
    int head = clamp(g, i++);
    int hidden = HIDDEN[head % HIDDEN.length];
    HeadPooling pooling = head < HIDDEN.length ? HeadPooling.GLOBAL_AVERAGE : HeadPooling.FLATTEN;
    Precision precision = Precision.values()[clamp(g, i++)];
    double lr = LEARNING_RATE[clamp(g, i++)];
    double uniform = PRUNING.get(clamp(g, i++));
    double sparsity = SPARSITY.get(clamp(g, i++));
    double lowRank = LOW_RANK.get(clamp(g, i++));
    boolean distill = clamp(g, i++) == 1;
    double temperature = Distillation.TEMPERATURES[clamp(g, i++)];
    double softWeight = Distillation.WEIGHTS[clamp(g, i++)];
    boolean quantisationAware = clamp(g, i++) == 1 && precision == Precision.INT8;
    PrecisionMix mix = PrecisionMix.values()[clamp(g, i)];
    ArchitectureSpec architecture = new ArchitectureSpec(stem, stages, activation, hidden, pooling);
    NetworkSpec network = unpruned(architecture);
    int prunable = network.prunableLayers().size();
    List<Double> ratios =
        pruning != null
            ? fit(pruning, prunable)
            : uniform == 0 ? List.of() : Collections.nCopies(prunable, uniform);
    return new CandidateSpec(
        architecture,
        new CompressionPlan(
            precision,
            ratios,
            sparsity,
            lowRank,
            distill ? new Distillation(temperature, softWeight) : null,
            mix.layers(network, precision),
            quantisationAware),
        new TrainingRecipe(lr, 64));
  }

  /**
   * The genome with the genes of every technique the job leaves out set to "off", so the candidate
   * it decodes to (and its fingerprint) never uses them.
   */
  public static int[] restrict(int[] genes, Collection<CompressionTechnique> allowed) {
    int[] g = java.util.Arrays.copyOf(genes, Math.max(genes.length, CARDINALITY.length));
    for (CompressionTechnique t : CompressionTechnique.values()) {
      if (allowed != null && allowed.contains(t)) continue;
      for (int i : GENES.get(t)) g[i] = 0;
    }
    return g;
  }

  public static int prunableLayers(ArchitectureSpec architecture) {
    return unpruned(architecture).prunableLayers().size();
  }

  /** The layers of an architecture; their count and order do not depend on the input shape. */
  private static NetworkSpec unpruned(ArchitectureSpec architecture) {
    return NetworkDecoder.decode(
        new CandidateSpec(architecture, CompressionPlan.none(), TrainingRecipe.defaults()),
        InputShape.MNIST,
        10);
  }

  private static List<Double> fit(List<Double> ratios, int n) {
    List<Double> out = new ArrayList<>(ratios.subList(0, Math.min(n, ratios.size())));
    while (out.size() < n) out.add(0.0);
    return out;
  }

  private static int clamp(int[] genes, int i) {
    return Math.floorMod(i < genes.length ? genes[i] : 0, CARDINALITY[i]);
  }
}
