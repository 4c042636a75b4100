package dev.sculptor.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MobileCnnSpaceTest {
  @Test
  void everyRandomGenomeDecodesToABuildableCandidateWithOneRatioPerPrunableLayer() {
    Random random = new Random(3);
    Set<String> fingerprints = new HashSet<>();
    for (int i = 0; i < 3000; i++) {
      int[] genes = MobileCnnSpace.random(random);
      CandidateSpec spec = MobileCnnSpace.decode(genes, null);
      NetworkSpec net = NetworkDecoder.decode(spec, InputShape.MNIST, 10);
      assertThat(spec.compression().pruningRatios())
          .satisfiesAnyOf(
              r -> assertThat(r).isEmpty(),
              r -> assertThat(r).hasSize(net.prunableLayers().size()));
      assertThat(NetworkDecoder.decodePruned(spec, InputShape.MNIST, 10).params())
          .isPositive()
          .isLessThanOrEqualTo(net.params());
      fingerprints.add(Fingerprint.of(spec));
    }
    assertThat(fingerprints.size()).as("distinct candidates among 3000 draws").isGreaterThan(2900);
  }
}
