package dev.sculptor.worker.proposal;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import java.util.List;

/**
 * How a search's genomes become candidates. The worker decodes the full {@code mobile-cnn} space
 * for the job's dataset ({@link MobileCnnCandidates}); the tabular benchmark decodes its reduced
 * space, whose table has one pruning ratio per candidate.
 */
public interface CandidateSpace {
  /**
   * The candidate these genes stand for: {@code ratios} are the RL policy's per-layer pruning
   * ratios, or null for the genome's own uniform pruning gene.
   */
  CandidateSpec decode(int[] genes, List<Double> ratios);

  /** The network the policy looks at (layers, MACs, parameters before pruning). */
  NetworkSpec network(CandidateSpec candidate);

  /**
   * The network as the evaluator exports it, after the candidate's pruning: what the free check
   * computes size, parameters, MACs and peak memory from.
   */
  NetworkSpec exported(CandidateSpec candidate);
}
