package dev.sculptor.bench.search;

import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionTechnique;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.PrecisionMix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * The tabular benchmark's compression slice: {@link ReducedSpace}'s skeleton with a
 * depthwise-separable 3×3 first stage at three widths (16, 48, 128; the second stage twice as wide,
 * capped at 128), crossed with every compression technique the genome holds, each at off or one
 * setting: precision fp32 / fp16 / int8, and for int8 quantisation-aware training off / on and the
 * three precision mixes; pruning 0 or 0.5 on every prunable layer; magnitude sparsity 0 or 0.75;
 * low rank off or 0.25; distillation off or on (temperature 4, weight 0.5) from the slice's
 * teacher: 3 × 8 × 2 × 2 × 2 × 2 = 384 candidates.
 *
 * <p>A full genome (all techniques) maps into it by overwriting the fixed genes; a technique's gene
 * at any setting other than "off" maps to the slice's one setting, so a search keeps its genes'
 * ranges and the table is looked up by the decoded candidate's fingerprint, as the worker
 * deduplicates. A basic genome (a job naming no technique) reaches the 18 candidates without them.
 */
final class CompressionSlice implements TabularSpace {
  static final CompressionSlice INSTANCE = new CompressionSlice();

  /** The block all three widths use (depthwise-separable: its pointwise convs can be low-rank). */
  private static final int BLOCK = 1;

  /**
   * First-stage width option for each of the genome's 8: 8..24 → 16, 32..64 → 48, 96..128 → 128.
   */
  private static final int[] WIDTH = {1, 1, 1, 4, 4, 4, 7, 7};

  /** Second-stage width option for the slice's first-stage ones: 16→32, 48→96, 128→128. */
  private static final int SECOND_16 = 3;

  private static final int SECOND_48 = 6;
  private static final int SECOND_128 = 7;

  // gene positions in MobileCnnSpace's full genome (the later technique genes follow the uniform
  // pruning gene, 26): sparsity 27, low rank 28, distillation 29 with temperature 30 and weight 31,
  // quantisation-aware training 32, precision mix 33
  private static final int PRECISION = 24;
  private static final int PRUNING = 26;
  private static final int SPARSITY = 27;
  private static final int LOW_RANK = 28;
  private static final int DISTILL = 29;
  private static final int TEMPERATURE = 30;
  private static final int WEIGHT = 31;
  private static final int QAT = 32;
  private static final int MIX = 33;
  private static final int LENGTH = 34;

  /** The one "on" setting of pruning (0.5), sparsity (0.75) and low rank (0.25): option 2 each. */
  private static final int ON = 2;

  private CompressionSlice() {}

  /** The genome layout of a search that uses every technique. */
  static dev.sculptor.core.space.GenomeLayout fullLayout() {
    return MobileCnnSpace.layout(EnumSet.allOf(CompressionTechnique.class));
  }

  /** The policy's per-layer ratios count as pruning when most layers are pruned. */
  @Override
  public CandidateSpec decode(int[] genes, List<Double> ratios) {
    int[] g = project(genes);
    if (ratios != null) g[PRUNING] = ReducedSpace.commonestRatio(ratios) > 0 ? ON : 0;
    return MobileCnnSpace.decode(g, null);
  }

  /** A genome of any length (a shorter, basic one has its technique genes off) into the slice. */
  static int[] project(int[] genes) {
    int[] in = Arrays.copyOf(genes, Math.max(genes.length, LENGTH));
    int[] g = ReducedSpace.project(in);
    int width = WIDTH[Math.floorMod(in[4], WIDTH.length)];
    g[2] = BLOCK;
    g[3] = 0;
    g[4] = width;
    g[7] = BLOCK;
    g[8] = 0;
    g[9] = width == 1 ? SECOND_16 : width == 4 ? SECOND_48 : SECOND_128;
    g[PRECISION] = Math.floorMod(in[PRECISION], 3);
    g[PRUNING] = in[PRUNING] != 0 ? ON : 0;
    g[SPARSITY] = in[SPARSITY] != 0 ? ON : 0;
    g[LOW_RANK] = in[LOW_RANK] != 0 ? ON : 0;
    g[DISTILL] = in[DISTILL] != 0 ? 1 : 0;
    g[TEMPERATURE] = 1;
    g[WEIGHT] = 0;
    g[QAT] = in[QAT] != 0 ? 1 : 0;
    g[MIX] = Math.floorMod(in[MIX], PrecisionMix.values().length);
    return g;
  }

  /** Every candidate of the slice, with its genome; the teacher first. */
  static List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    for (int width : new int[] {7, 4, 1})
      for (int precision = 0; precision < Precision.values().length; precision++)
        for (int qat = 0; qat < (precision == Precision.INT8.ordinal() ? 2 : 1); qat++)
          for (int mix = 0;
              mix < (precision == Precision.INT8.ordinal() ? PrecisionMix.values().length : 1);
              mix++)
            for (int pruning = 0; pruning < 2; pruning++)
              for (int sparsity = 0; sparsity < 2; sparsity++)
                for (int lowRank = 0; lowRank < 2; lowRank++)
                  for (int distill = 0; distill < 2; distill++) {
                    int[] g = new int[LENGTH];
                    g[4] = width;
                    g[PRECISION] = precision;
                    g[QAT] = qat;
                    g[MIX] = mix;
                    g[PRUNING] = pruning;
                    g[SPARSITY] = sparsity;
                    g[LOW_RANK] = lowRank;
                    g[DISTILL] = distill;
                    int[] projected = project(g);
                    out.add(new Entry(projected, MobileCnnSpace.decode(projected, null)));
                  }
    return out;
  }

  /**
   * The slice's teacher: its widest network at fp32 with no technique, the candidate a job's search
   * would most likely hold as its best when it distils; evaluated first when the table is built.
   */
  static Entry teacher() {
    return all().getFirst();
  }

  record Entry(int[] genes, CandidateSpec candidate) {}
}
