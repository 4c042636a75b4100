package dev.sculptor.worker.proposal;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.strategy.SearchBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The proposal step of a search: turns a generation of genomes from the strategy into the
 * candidates to evaluate, and gives the RL pruning policy its rewards once the generation's results
 * are in. The worker's search and the tabular benchmark's replay both run this class, so the
 * benchmark measures the algorithm users run.
 *
 * <ul>
 *   <li>Pruning: with a policy, for {@link #POLICY_SHARE} of the genomes (one draw each) the policy
 *       chooses per-layer ratios; the others keep the genome's uniform pruning gene.
 *   <li>Deduplication by fingerprint: a candidate that came up earlier in the generation is
 *       evaluated once; one already stored (an earlier generation, or a worker that died) is not
 *       evaluated again.
 *   <li>Budget: at most {@code room} new candidates per generation; the genomes past it are not
 *       evaluated.
 *   <li>Learning: once per generation, from each candidate the policy pruned, in proposal order.
 * </ul>
 *
 * Its draws come from the job's seed, so a worker that replays a job from the start proposes
 * exactly what the first worker did.
 */
public final class CandidateProposer {
  /**
   * Share of candidates whose pruning the policy decides. The policy's reward (accuracy minus
   * constraint excess) settles on one ratio per architecture, while a Pareto front also needs the
   * more and less pruned variants, which the gene keeps exploring (docs/benchmarks.md).
   */
  public static final double POLICY_SHARE = 0.5;

  /** Keeps the proposer's draws apart from the strategy's, which start from the same job seed. */
  private static final long SEED_SALT = 0x5eed_9011cL;

  private final CandidateSpace space;
  private final PruningPolicy policy;
  private final Long maxModelBytes;
  private final SplittableRandom random;
  private final Set<String> proposed = new HashSet<>();

  /**
   * {@code policy} null: every candidate's pruning comes from its genome's gene (the baselines);
   * {@code maxModelBytes}: the job's size limit, a feature the policy sees (null: none).
   */
  public CandidateProposer(
      CandidateSpace space, PruningPolicy policy, long seed, Long maxModelBytes) {
    this.space = space;
    this.policy = policy;
    this.maxModelBytes = maxModelBytes;
    this.random = new SplittableRandom(seed ^ SEED_SALT);
  }

  /**
   * A candidate to evaluate: {@code stored} is what the caller already holds for its fingerprint
   * (null: new, to be sent), {@code decision} the policy's choice (null: the genome's gene).
   */
  public record Proposal<S>(
      String fingerprint,
      int[] genes,
      CandidateSpec candidate,
      PruningPolicy.Decision decision,
      S stored) {
    public boolean isNew() {
      return stored == null;
    }
  }

  /**
   * One generation: each genome's fingerprint in order, and the distinct candidates admitted, in
   * order of first appearance.
   */
  public record Generation<S>(List<String> fingerprints, List<Proposal<S>> proposals) {
    /**
     * Each genome's objectives, in order: its candidate's result, or {@link
     * SearchBudget#NOT_EVALUATED} when it was past the budget or has no result ({@code results}
     * answers null).
     */
    public List<Objectives> objectives(Function<String, Objectives> results) {
      Set<String> admitted = new HashSet<>();
      for (Proposal<S> p : proposals) admitted.add(p.fingerprint());
      List<Objectives> out = new ArrayList<>();
      for (String fp : fingerprints) {
        Objectives o = admitted.contains(fp) ? results.apply(fp) : null;
        out.add(o == null ? SearchBudget.NOT_EVALUATED : o);
      }
      return out;
    }
  }

  /**
   * Proposes the generation's candidates. {@code stored} looks a fingerprint up among what the job
   * already holds; {@code room} is how many new candidates the budget still allows.
   */
  public <S> Generation<S> propose(
      List<int[]> genomes, Function<String, Optional<S>> stored, int room) {
    List<String> fingerprints = new ArrayList<>();
    Map<String, Proposal<S>> admitted = new LinkedHashMap<>();
    int fresh = 0;
    for (int[] genes : genomes) {
      CandidateSpec candidate = space.decode(genes, null);
      PruningPolicy.Decision decision = null;
      if (policy != null && random.nextDouble() < POLICY_SHARE) {
        NetworkSpec net = space.network(candidate);
        decision = policy.act(net.prunableLayers(), budgetLeft(net, candidate), random);
        candidate = space.decode(genes, decision.ratios());
      }
      String fp = Fingerprint.of(candidate);
      fingerprints.add(fp);
      if (admitted.containsKey(fp)) continue;
      Optional<S> found = stored.apply(fp);
      if (found.isPresent()) {
        admitted.put(fp, new Proposal<>(fp, genes, candidate, decision, found.get()));
      } else if (fresh < room) {
        admitted.put(fp, new Proposal<>(fp, genes, candidate, decision, null));
        fresh++;
      } else {
        continue;
      }
      proposed.add(fp);
    }
    return new Generation<>(fingerprints, List.copyOf(admitted.values()));
  }

  /**
   * Rewards the policy for the generation's candidates it pruned (see {@link #reward}); a candidate
   * without a result ({@code results} answers null: the search stopped while waiting) teaches
   * nothing. Returns the mean reward, or null when there was none.
   */
  public Double learn(Generation<?> generation, Function<String, Objectives> results) {
    if (policy == null) return null;
    double sum = 0;
    int n = 0;
    for (Proposal<?> p : generation.proposals()) {
      if (p.decision() == null) continue;
      Objectives o = results.apply(p.fingerprint());
      if (o == null) continue;
      double reward = reward(o);
      policy.learn(p.decision(), reward);
      sum += reward;
      n++;
    }
    return n == 0 ? null : sum / n;
  }

  /**
   * Validation accuracy minus the relative excess over the job's limits; a failed candidate earns
   * -1.
   */
  public static double reward(Objectives o) {
    return o.equals(SearchBudget.NOT_EVALUATED) ? -1 : o.accuracy() - o.violation();
  }

  /**
   * Distinct candidates proposed so far, stored now or found from before: what the budget counts.
   */
  public int proposed() {
    return proposed.size();
  }

  /** The policy's state now (null without a policy): what a checkpoint keeps. */
  public PruningPolicy.State policyState() {
    return policy == null ? null : policy.state();
  }

  /** Share of the size limit an unpruned candidate would leave unused (1 without a limit). */
  private double budgetLeft(NetworkSpec net, CandidateSpec candidate) {
    if (maxModelBytes == null) return 1;
    return 1
        - (double) net.params()
            * candidate.compression().precision().bytesPerWeight()
            / maxModelBytes;
  }
}
