package dev.sculptor.worker.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Model-guided breeding inside the genetic search, on the synthetic objective. */
class ModelGuidedBreedingTest {
  private static BreedingCounts run(ModelGuidance guidance, long seed) {
    return new GeneticSearch(seed, 12, guidance).searchCounting(new SyntheticBenchmark(240));
  }

  @Test
  void theExplorationShareIsHonouredAndMeasured() {
    BreedingCounts some = run(new ModelGuidance(8, 0.3, 0.25, 0.2, 12), 1);
    double share = (double) some.exploredSlots() / (some.exploredSlots() + some.modelledSlots());
    assertThat(share).isCloseTo(0.3, within(0.05));
    assertThat(some.exploredNew()).isPositive();
    assertThat(some.modelledNew()).isPositive();

    BreedingCounts none = run(new ModelGuidance(8, 0, 0.25, 0.2, 12), 1);
    assertThat(none.exploredSlots()).isZero();
    assertThat(none.modelledSlots()).isPositive();

    BreedingCounts all = run(new ModelGuidance(8, 1, 0.25, 0.2, 12), 1);
    assertThat(all.modelledSlots()).isZero();
    assertThat(all.exploredSlots()).isPositive();
  }

  @Test
  void theModelIsOffUntilTheWarmUpAndWhenOneChildIsBred() {
    assertThat(run(new ModelGuidance(8, 0.25, 0.25, 0.2, 10_000), 1))
        .isEqualTo(new BreedingCounts(0, 0, 0, 0, 0, 0));
    assertThat(run(ModelGuidance.OFF, 1)).isEqualTo(new BreedingCounts(0, 0, 0, 0, 0, 0));
  }

  @Test
  void theSameSeedBreedsTheSameCandidates() {
    ModelGuidance guidance = new ModelGuidance(8, 0.25, 0.25, 0.2, 12);
    SyntheticBenchmark a = new SyntheticBenchmark(150);
    SyntheticBenchmark b = new SyntheticBenchmark(150);
    SyntheticBenchmark c = new SyntheticBenchmark(150);
    new GeneticSearch(4, 12, guidance).search(a);
    new GeneticSearch(4, 12, guidance).search(b);
    new GeneticSearch(5, 12, guidance).search(c);
    assertThat(a.order).isEqualTo(b.order).isNotEqualTo(c.order);
  }

  @Test
  void settingsOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> new ModelGuidance(0, 0.25, 0.25, 0.2, 12))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ModelGuidance(8, 1.5, 0.25, 0.2, 12))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ModelGuidance(8, 0.25, 1, 0.2, 12))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
