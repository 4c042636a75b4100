package dev.sculptor.worker.proposal;

import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.ConstructionCheck;
import dev.sculptor.core.metrics.ComputedMetrics;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.strategy.SearchBudget;
import java.util.ArrayList;
import java.util.HashMap;
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
 *   <li>Free check: a candidate whose computed size, parameters, MACs or peak memory already miss
 *       the job's limits ({@link ConstructionCheck}) is infeasible by construction. It is proposed
 *       to be recorded, never sent: it costs no evaluation and takes no room in the budget, and the
 *       strategy and the policy learn its computed violation.
 *   <li>Deduplication by fingerprint: a candidate that came up earlier in the generation is
 *       evaluated once; one already stored (an earlier generation, or a worker that died) is not
 *       evaluated again.
 *   <li>Budget: at most {@code room} new candidates to send per generation; the genomes past it are
 *       not evaluated.
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
  private final Constraints constraints;
  private final boolean freeCheck;
  private final SplittableRandom random;
  private final Set<String> proposed = new HashSet<>();

  /**
   * {@code policy} null: every candidate's pruning comes from its genome's gene (the baselines);
   * {@code constraints}: the job's limits, which the free check applies (the size limit is also a
   * feature the policy sees).
   */
  public CandidateProposer(
      CandidateSpace space, PruningPolicy policy, long seed, Constraints constraints) {
    this.space = space;
    this.policy = policy;
    this.constraints = constraints == null ? Constraints.none() : constraints;
    this.freeCheck = ConstructionCheck.applies(this.constraints);
    this.random = new SplittableRandom(seed ^ SEED_SALT);
  }

  /**
   * A candidate to evaluate, or to record as infeasible by construction: {@code stored} is what the
   * caller already holds for its fingerprint (null: new), {@code decision} the policy's choice
   * (null: the genome's gene), {@code infeasible} the failed free check (null: the candidate may
   * meet the limits, and a new one is sent).
   */
  public record Proposal<S>(
      String fingerprint,
      int[] genes,
      CandidateSpec candidate,
      PruningPolicy.Decision decision,
      S stored,
      ConstructionCheck infeasible) {
    public boolean isNew() {
      return stored == null;
    }

    /** New and worth an evaluation: what the caller sends. */
    public boolean toSend() {
      return stored == null && infeasible == null;
    }

    /**
     * What an infeasible-by-construction candidate tells the search: accuracy 0 (never measured)
     * and latency unknown, which constrained dominance does not read for an infeasible candidate,
     * and its computed violation, which it does.
     */
    public Objectives computedObjectives() {
      return new Objectives(
          0, Double.MAX_VALUE, infeasible.computed().modelBytesAtLeast(), infeasible.violation());
    }
  }

  /**
   * One generation: each genome's fingerprint in order, and the distinct candidates admitted, in
   * order of first appearance.
   */
  public record Generation<S>(List<String> fingerprints, List<Proposal<S>> proposals) {
    /**
     * Each genome's objectives, in order: its candidate's computed ones when it is infeasible by
     * construction, else its result, or {@link SearchBudget#NOT_EVALUATED} when it was past the
     * budget or has no result ({@code results} answers null).
     */
    public List<Objectives> objectives(Function<String, Objectives> results) {
      Function<String, Objectives> known = withComputed(results);
      Set<String> admitted = new HashSet<>();
      for (Proposal<S> p : proposals) admitted.add(p.fingerprint());
      List<Objectives> out = new ArrayList<>();
      for (String fp : fingerprints) {
        Objectives o = admitted.contains(fp) ? known.apply(fp) : null;
        out.add(o == null ? SearchBudget.NOT_EVALUATED : o);
      }
      return out;
    }

    /** The proposals the caller sends for evaluation. */
    public List<Proposal<S>> toSend() {
      return proposals.stream().filter(Proposal::toSend).toList();
    }

    /**
     * {@code results}, answered for infeasible-by-construction candidates from their computed
     * objectives: the same on a first run and on a replay, whatever the caller stored.
     */
    Function<String, Objectives> withComputed(Function<String, Objectives> results) {
      Map<String, Objectives> computed = new HashMap<>();
      for (Proposal<S> p : proposals)
        if (p.infeasible() != null) computed.put(p.fingerprint(), p.computedObjectives());
      return fp -> computed.containsKey(fp) ? computed.get(fp) : results.apply(fp);
    }
  }

  /**
   * Proposes the generation's candidates. {@code stored} looks a fingerprint up among what the job
   * already holds; {@code room} is how many new candidates to send the budget still allows (those
   * infeasible by construction cost nothing and are always proposed).
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
      // checked before the lookup: a resumed job classifies a stored candidate as the first run did
      ConstructionCheck check = freeCheck ? check(candidate) : null;
      Optional<S> found = stored.apply(fp);
      if (check != null && !check.passes()) {
        admitted.put(fp, new Proposal<>(fp, genes, candidate, decision, found.orElse(null), check));
        continue; // not sent, not counted
      }
      if (found.isPresent()) {
        admitted.put(fp, new Proposal<>(fp, genes, candidate, decision, found.get(), null));
      } else if (fresh < room) {
        admitted.put(fp, new Proposal<>(fp, genes, candidate, decision, null, null));
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
    Function<String, Objectives> known = generation.withComputed(results);
    double sum = 0;
    int n = 0;
    for (Proposal<?> p : generation.proposals()) {
      if (p.decision() == null) continue;
      Objectives o = known.apply(p.fingerprint());
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
   * Distinct candidates proposed for evaluation so far, stored now or found from before: what the
   * budget counts (not those infeasible by construction).
   */
  public int proposed() {
    return proposed.size();
  }

  /** The policy's state now (null without a policy): what a checkpoint keeps. */
  public PruningPolicy.State policyState() {
    return policy == null ? null : policy.state();
  }

  /** The free check of a candidate against the job's limits. */
  private ConstructionCheck check(CandidateSpec candidate) {
    return ConstructionCheck.of(
        constraints, ComputedMetrics.of(space.exported(candidate), candidate.compression()));
  }

  /** Share of the size limit an unpruned candidate would leave unused (1 without a limit). */
  private double budgetLeft(NetworkSpec net, CandidateSpec candidate) {
    Long maxModelBytes = constraints.maxModelBytes();
    if (maxModelBytes == null) return 1;
    return 1
        - (double) net.params()
            * candidate.compression().precision().bytesPerWeight()
            / maxModelBytes;
  }
}
