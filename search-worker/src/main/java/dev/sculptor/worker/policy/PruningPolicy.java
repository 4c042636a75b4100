package dev.sculptor.worker.policy;

import dev.sculptor.core.network.PrunableLayer;
import dev.sculptor.core.space.CompressionPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The RL pruning policy (in the spirit of AMC): layer by layer, a softmax over the pruning ratios
 * the search chooses from ({@link CompressionPlan#PRUNING_RATIOS}), linear in the layer's features
 * (position, kind, width, kernel, stride, its share of the MACs, the MACs still to come, the size
 * budget left, the previous action). It learns online by REINFORCE with a moving-average baseline
 * from each evaluated candidate's reward, so it changes as a search goes on; its state goes in and
 * out as a copied value ({@link #state()}, {@link #of}), which is what checkpoints keep. Which
 * candidates it prunes and when it learns is the search's proposal step ({@link
 * dev.sculptor.worker.proposal.CandidateProposer}). Before a job starts it may also be primed from
 * measured per-layer sensitivity analyses ({@link #prime}, {@link SensitivityPrior}).
 */
public final class PruningPolicy {
  private static final List<Double> RATIOS = CompressionPlan.PRUNING_RATIOS;
  static final int FEATURES = 10;
  private static final int PRIMING_EPOCHS = 300;

  /**
   * How many absorbed analyses the state remembers, oldest forgotten first: more than a job start
   * reads ({@code PolicyPriming.NEWEST}), so a forgotten one is never offered again.
   */
  static final int REMEMBERED_ANALYSES = 200;

  private static final double PRIMING_RATE = 0.3;

  /**
   * Weights [action][feature], the reward baseline, how many updates, the reward of each, and the
   * keys of the sensitivity analyses it was primed with (each is absorbed once; a state saved
   * before priming existed reads with none).
   */
  public record State(
      double[][] weights,
      double baseline,
      int updates,
      List<Double> rewards,
      List<String> primedBy) {
    public State {
      rewards = rewards == null ? List.of() : List.copyOf(rewards);
      primedBy = primedBy == null ? List.of() : List.copyOf(primedBy);
    }
  }

  /** The choices made for one candidate: ratios and what is needed to learn from its reward. */
  public record Decision(List<Double> ratios, List<double[]> features, int[] actions) {}

  private final double[][] weights;
  private double baseline;
  private int updates;
  private final List<Double> rewards;
  private final List<String> primedBy;
  private final double learningRate;

  private PruningPolicy(State state, double learningRate) {
    this.weights = Arrays.stream(state.weights()).map(double[]::clone).toArray(double[][]::new);
    this.baseline = state.baseline();
    this.updates = state.updates();
    this.rewards = new ArrayList<>(state.rewards());
    this.primedBy = new ArrayList<>(state.primedBy());
    this.learningRate = learningRate;
  }

  /** A new policy: all ratios equally likely. */
  public static PruningPolicy fresh() {
    return new PruningPolicy(
        new State(new double[RATIOS.size()][FEATURES], 0, 0, List.of(), List.of()), 0.1);
  }

  public static PruningPolicy of(State state) {
    return new PruningPolicy(state, 0.1);
  }

  public State state() {
    return new State(
        Arrays.stream(weights).map(double[]::clone).toArray(double[][]::new),
        baseline,
        updates,
        rewards,
        primedBy);
  }

  /**
   * Samples one ratio per prunable layer; {@code budgetLeft} is the share of the size limit still
   * unused (1 if none).
   */
  public Decision act(List<PrunableLayer> layers, double budgetLeft, RandomGenerator random) {
    double previous = 0;
    List<Double> ratios = new ArrayList<>();
    List<double[]> features = new ArrayList<>();
    int[] actions = new int[layers.size()];
    for (int i = 0; i < layers.size(); i++) {
      double[] x = layerFeatures(layers, i, budgetLeft, previous);
      double[] p = probabilities(x);
      double u = random.nextDouble();
      int a = 0;
      for (double cumulative = p[0]; a < p.length - 1 && u > cumulative; cumulative += p[++a]) {
        // walk to the sampled action
      }
      actions[i] = a;
      features.add(x);
      ratios.add(RATIOS.get(a));
      previous = RATIOS.get(a);
    }
    return new Decision(ratios, features, actions);
  }

  /**
   * Primes the policy with the layers of sensitivity analyses it has not absorbed yet: a few
   * hundred cross-entropy steps of its softmax towards each analysed layer's preferred ratios
   * ({@link SensitivityPrior.Analysis#examples()}). The targets are soft, so the policy stays a
   * distribution that rewards can still move. Returns how many analyses were new.
   */
  public int prime(List<SensitivityPrior.Analysis> analyses) {
    List<SensitivityPrior.Example> examples = new ArrayList<>();
    int absorbed = 0;
    for (SensitivityPrior.Analysis analysis : analyses) {
      if (primedBy.contains(analysis.key())) continue;
      examples.addAll(analysis.examples());
      primedBy.add(analysis.key());
      absorbed++;
    }
    if (primedBy.size() > REMEMBERED_ANALYSES)
      primedBy.subList(0, primedBy.size() - REMEMBERED_ANALYSES).clear();
    for (int epoch = 0; epoch < PRIMING_EPOCHS && !examples.isEmpty(); epoch++) {
      for (SensitivityPrior.Example e : examples) {
        double[] p = probabilities(e.features());
        for (int a = 0; a < RATIOS.size(); a++) {
          double gradient = e.target()[a] - p[a];
          for (int f = 0; f < FEATURES; f++)
            weights[a][f] += PRIMING_RATE * gradient * e.features()[f];
        }
      }
    }
    return absorbed;
  }

  /** The probability of each ratio in {@link CompressionPlan#PRUNING_RATIOS} for one layer. */
  double[] preferences(List<PrunableLayer> layers, int i, double budgetLeft, double previous) {
    return probabilities(layerFeatures(layers, i, budgetLeft, previous));
  }

  /**
   * One policy-gradient step: push the decision's actions up when the reward beats the baseline.
   */
  public void learn(Decision decision, double reward) {
    double advantage = reward - (updates == 0 ? reward : baseline);
    for (int i = 0; i < decision.actions().length; i++) {
      double[] x = decision.features().get(i);
      double[] p = probabilities(x);
      for (int a = 0; a < RATIOS.size(); a++) {
        double gradient = (a == decision.actions()[i] ? 1 : 0) - p[a];
        for (int f = 0; f < FEATURES; f++)
          weights[a][f] += learningRate * advantage * gradient * x[f];
      }
    }
    baseline = updates == 0 ? reward : 0.9 * baseline + 0.1 * reward;
    updates++;
    rewards.add(reward);
  }

  /** Mean reward of the last {@code n} updates. */
  public double recentReward(int n) {
    return rewards.subList(Math.max(0, rewards.size() - n), rewards.size()).stream()
        .mapToDouble(Double::doubleValue)
        .average()
        .orElse(0);
  }

  double[] probabilities(double[] x) {
    double[] logits = new double[RATIOS.size()];
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < logits.length; a++) {
      for (int f = 0; f < FEATURES; f++) logits[a] += weights[a][f] * x[f];
      max = Math.max(max, logits[a]);
    }
    double sum = 0;
    for (int a = 0; a < logits.length; a++) sum += logits[a] = Math.exp(logits[a] - max);
    for (int a = 0; a < logits.length; a++) logits[a] /= sum;
    return logits;
  }

  /**
   * What the policy sees of layer {@code i} of {@code layers}, given the ratio chosen for the layer
   * before it: the one feature vector {@link #act} and {@link #prime} both use.
   */
  static double[] layerFeatures(
      List<PrunableLayer> layers, int i, double budgetLeft, double previous) {
    long totalMacs = Math.max(1, layers.stream().mapToLong(PrunableLayer::macs).sum());
    long macsBefore = layers.subList(0, i).stream().mapToLong(PrunableLayer::macs).sum();
    return features(
        layers.get(i),
        layers.size(),
        (double) layers.get(i).macs() / totalMacs,
        (double) (totalMacs - macsBefore) / totalMacs,
        budgetLeft,
        previous);
  }

  static double[] features(
      PrunableLayer layer,
      int count,
      double macsShare,
      double macsLeft,
      double budgetLeft,
      double previous) {
    return new double[] {
      1,
      count <= 1 ? 0 : (double) layer.index() / (count - 1),
      "pointwise".equals(layer.kind()) ? 1 : 0,
      Math.log(Math.max(1, layer.channels())) / Math.log(2) / 8,
      layer.kernel() / 5.0,
      layer.stride() / 2.0,
      macsShare,
      macsLeft,
      Math.clamp(budgetLeft, -1, 1),
      previous / CompressionPlan.MAX_PRUNING_RATIO
    };
  }
}
