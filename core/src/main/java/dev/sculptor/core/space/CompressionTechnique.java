package dev.sculptor.core.space;

import java.util.List;

/**
 * The compression techniques a job lets the search choose beyond structured channel pruning and one
 * weight precision (which every job's search always chooses). A technique a job leaves out stays
 * off in every candidate of that job.
 */
public enum CompressionTechnique {
  /** Unstructured magnitude sparsity reached gradually while fine-tuning. */
  SPARSITY,
  /** Dense layers and 1×1 convs factorised into two thinner layers (truncated SVD). */
  LOW_RANK,
  /** Knowledge distillation from the job's best candidate so far. */
  DISTILLATION,
  /** Fake-quantised int8 layers while fine-tuning. */
  QUANTISATION_AWARE_TRAINING,
  /** Per-layer precisions instead of one precision for the whole network. */
  MIXED_PRECISION;

  /** Every technique: the full compression genome. */
  public static final List<CompressionTechnique> ALL = List.of(values());
}
