package dev.sculptor.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.HeadPooling;
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

  /**
   * The head gene: its first three options are the pooled heads genomes always had (written without
   * a pooling field, so their fingerprints stay), the next three the same hidden units after a
   * flatten, whose first dense layer reads every position of the last feature map.
   */
  @Test
  void theHeadGeneAddsFlattenedHeadsAfterThePooledOnes() {
    int head = 2 + 4 * 5 + 1; // stem, stage count, four stages of five genes, activation
    int[] hidden = {0, 64, 128, 0, 64, 128};
    for (int option = 0; option < 6; option++) {
      int[] genes = MobileCnnSpace.random(new Random(11));
      genes[head] = option;
      CandidateSpec spec = MobileCnnSpace.decode(genes, null);
      NetworkSpec net = NetworkDecoder.decode(spec, InputShape.MNIST, 10);
      ConvLayer last = net.blocks().getLast().convs().getLast();
      DenseLayer first = net.head().getFirst();
      assertThat(spec.architecture().headHidden()).isEqualTo(hidden[option]);
      if (option < 3) {
        assertThat(spec.architecture().pooling()).isEqualTo(HeadPooling.GLOBAL_AVERAGE);
        assertThat(Json.canonical(spec)).doesNotContain("headPooling");
        assertThat(first.in()).isEqualTo(last.out());
      } else {
        assertThat(spec.architecture().pooling()).isEqualTo(HeadPooling.FLATTEN);
        assertThat(Json.canonical(spec)).contains("\"headPooling\":\"FLATTEN\"");
        assertThat(first.in()).isEqualTo(last.out() * last.outHeight() * last.outWidth());
      }
      assertThat(Json.read(Json.canonical(spec), CandidateSpec.class)).isEqualTo(spec);
    }
  }
}
