package dev.sculptor.bench.search;

import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tabular benchmark's reduced space, as NAS-Bench-201 fixes a cell skeleton: a mobile-cnn
 * network with a 16-channel stem and two stages of depth 1 (expansion 3, ReLU, no hidden head
 * layer, learning rate 3e-3). Only the block type (3), kernel (2) and width (8) of the first stage
 * vary, the second stage repeating the first's block and kernel at twice its width (capped at 128),
 * plus the weight precision (3) and a uniform pruning ratio (4: 0, 0.25, 0.5, 0.75): 576
 * candidates.
 *
 * <p>A full genome maps into it by overwriting the fixed genes, so the product's strategies and its
 * proposal step run unchanged on the full genome, and the table is looked up by the decoded
 * candidate's fingerprint, exactly as the worker deduplicates. As a {@link
 * dev.sculptor.worker.proposal.CandidateSpace} it is what the product's proposer decodes genomes
 * with in the replay.
 */
final class ReducedSpace implements TabularSpace {
  /** The space as the proposer sees it. */
  static final ReducedSpace INSTANCE = new ReducedSpace();

  static final List<Double> RATIOS = CompressionPlan.PRUNING_RATIOS;
  // MobileCnnSpace layout: stem 0, stage count 1, stage 1 = block 2, kernel 3, width 4, depth 5,
  // expansion 6,
  // stages 2-4 = 7..21, activation 22, head 23, precision 24, learning rate 25, uniform pruning 26
  private static final int[][] FIXED = {{0, 2}, {1, 1}, {5, 0}, {6, 1}, {22, 0}, {23, 0}, {25, 1}};

  /**
   * Width option index of the second stage for each of the first's: 8→16, 16→32, 24→48, 32→64,
   * 48→96, 64..128→128.
   */
  private static final int[] SECOND_WIDTH = {1, 3, 4, 5, 6, 7, 7, 7};

  private ReducedSpace() {}

  /**
   * The policy's per-layer ratios become one table ratio ({@link #commonestRatio}), since the table
   * has one ratio per candidate; without them, the genome's uniform gene.
   */
  @Override
  public CandidateSpec decode(int[] genes, List<Double> ratios) {
    return ratios == null ? candidate(genes) : candidate(genes, commonestRatio(ratios));
  }

  /**
   * The genome with every gene outside the reduced space set by the rules above (stages 3-4 are
   * unused).
   */
  static int[] project(int[] genes) {
    int[] g = genes.clone();
    for (int[] f : FIXED) g[f[0]] = f[1];
    for (int i = 7; i <= 21; i++) g[i] = 0;
    // the compression genes after the uniform pruning gene: the table was measured without them
    g = MobileCnnSpace.restrict(g, List.of());
    g[7] = Math.floorMod(g[2], 3);
    g[8] = Math.floorMod(g[3], 2);
    g[9] = SECOND_WIDTH[Math.floorMod(g[4], 8)];
    g[11] = 1;
    return g;
  }

  /** The candidate with one pruning ratio on every prunable layer (0 = unpruned). */
  static CandidateSpec candidate(int[] genes, double ratio) {
    int[] g = project(genes);
    g[26] = 0;
    CandidateSpec plain = MobileCnnSpace.decode(g, null);
    int layers = MobileCnnSpace.prunableLayers(plain.architecture());
    return ratio == 0
        ? plain
        : MobileCnnSpace.decode(g, new ArrayList<>(Collections.nCopies(layers, ratio)));
  }

  /**
   * The candidate the baselines and the plain genetic search ask for: pruning from the genome's
   * uniform gene.
   */
  static CandidateSpec candidate(int[] genes) {
    return candidate(genes, RATIOS.get(Math.floorMod(genes[26], RATIOS.size())));
  }

  /**
   * Per-layer ratios (from the RL policy) projected to one table ratio: the one it chose for most
   * layers (ties: the smaller). A mean would pile up in the middle and never reach 0 or 0.75.
   */
  static double commonestRatio(List<Double> perLayer) {
    double best = 0;
    long bestCount = -1;
    for (double r : RATIOS) {
      long count = perLayer.stream().filter(x -> x == r).count();
      if (count > bestCount) {
        best = r;
        bestCount = count;
      }
    }
    return best;
  }

  /**
   * Every candidate of the space, with its genome (uniform gene 0; the ratio is given separately).
   */
  static List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    for (int block = 0; block < 3; block++)
      for (int kernel = 0; kernel < 2; kernel++)
        for (int width = 0; width < 8; width++) {
          for (int precision = 0; precision < 3; precision++)
            for (double ratio : RATIOS) {
              int[] g = new int[MobileCnnSpace.genomeLength()];
              g[2] = block;
              g[3] = kernel;
              g[4] = width;
              g[24] = precision;
              out.add(new Entry(project(g), ratio, candidate(g, ratio)));
            }
        }
    return out;
  }

  record Entry(int[] genes, double ratio, CandidateSpec candidate) {}
}
