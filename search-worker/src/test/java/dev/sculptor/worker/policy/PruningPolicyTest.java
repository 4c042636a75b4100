package dev.sculptor.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.network.PrunableLayer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The policy on a synthetic reward whose best per-layer pattern is known. */
class PruningPolicyTest {
  // Best pattern: prune pointwise layers by half, leave 3x3 convs whole.
  static final List<PrunableLayer> LAYERS =
      List.of(
          new PrunableLayer(0, "stem", "conv", 16, 3, 1, 100_000),
          new PrunableLayer(1, "s1.b1.expand", "pointwise", 96, 1, 1, 300_000),
          new PrunableLayer(2, "s1.b2.conv", "conv", 32, 3, 2, 200_000),
          new PrunableLayer(3, "s2.b1.expand", "pointwise", 192, 1, 1, 400_000));

  static double reward(List<Double> ratios) {
    double r = 0;
    for (int i = 0; i < ratios.size(); i++) {
      double best = LAYERS.get(i).kind().equals("pointwise") ? 0.5 : 0.0;
      r -= Math.abs(ratios.get(i) - best);
    }
    return r;
  }

  @Test
  void meanRewardRisesMeasurablyAsThePolicyLearns() {
    for (long seed = 1; seed <= 3; seed++) {
      PruningPolicy policy = PruningPolicy.fresh();
      SplittableRandom random = new SplittableRandom(seed);
      for (int step = 0; step < 600; step++) {
        var decision = policy.act(LAYERS, 1, random);
        policy.learn(decision, reward(decision.ratios()));
      }
      List<Double> rewards = policy.state().rewards();
      double first =
          rewards.subList(0, 50).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double last = policy.recentReward(50);
      System.out.printf(
          "seed %d: mean reward of the first 50 updates %.3f, of the last 50 %.3f (best possible"
              + " 0)%n",
          seed, first, last);
      assertThat(last).isGreaterThan(first + 0.5);
    }
  }

  @Test
  void stateRoundTripsAndKeepsWhatWasLearned() {
    PruningPolicy policy = PruningPolicy.fresh();
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 100; i++) {
      var d = policy.act(LAYERS, 1, random);
      policy.learn(d, reward(d.ratios()));
    }
    PruningPolicy copy =
        PruningPolicy.of(
            dev.sculptor.core.messaging.Json.read(
                dev.sculptor.core.messaging.Json.write(policy.state()), PruningPolicy.State.class));
    assertThat(copy.state().updates()).isEqualTo(100);
    assertThat(copy.state().weights()).isDeepEqualTo(policy.state().weights());
    var a = policy.act(LAYERS, 1, new SplittableRandom(1));
    var b = copy.act(LAYERS, 1, new SplittableRandom(1));
    assertThat(b.ratios()).isEqualTo(a.ratios());
  }
}
