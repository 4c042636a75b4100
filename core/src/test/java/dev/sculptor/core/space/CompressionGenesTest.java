package dev.sculptor.core.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompressionGenesTest {
  /** The genome length before the compression genes after the uniform pruning gene existed. */
  private static final int OLD_GENOME_LENGTH = 27;

  @Test
  void aPlanWithoutTheLaterTechniquesWritesTheJsonItAlwaysDid() {
    CompressionPlan plan = new CompressionPlan(Precision.INT8, List.of(0.25, 0.5));
    assertThat(Json.canonical(plan))
        .isEqualTo("{\"precision\":\"INT8\",\"pruningRatios\":[0.25,0.5]}");
    CompressionPlan read =
        Json.read("{\"precision\":\"INT8\",\"pruningRatios\":[0.25,0.5]}", CompressionPlan.class);
    assertThat(read).isEqualTo(plan);
    assertThat(read.sparsityOrZero()).isZero();
    assertThat(read.trainsQuantised()).isFalse();
    assertThat(read.precisionAt(3)).isEqualTo(Precision.INT8);
  }

  @Test
  void anOldGenomeDecodesToTheCandidateAndFingerprintItAlwaysDid() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 50; n++) {
      int[] full = MobileCnnSpace.layout(CompressionTechnique.ALL).random(random);
      int[] old = Arrays.copyOf(full, OLD_GENOME_LENGTH);
      int[] padded = Arrays.copyOf(old, MobileCnnSpace.genomeLength());
      CandidateSpec fromOld = MobileCnnSpace.decode(old, null);
      assertThat(MobileCnnSpace.decode(padded, null)).isEqualTo(fromOld);
      CompressionPlan plan = fromOld.compression();
      assertThat(plan.sparsity()).isNull();
      assertThat(plan.lowRankRatio()).isNull();
      assertThat(plan.distillation()).isNull();
      assertThat(plan.layerPrecisions()).isEmpty();
      assertThat(plan.quantisationAware()).isNull();
      assertThat(Fingerprint.of(fromOld))
          .isEqualTo(
              Fingerprint.of(
                  new CandidateSpec(
                      fromOld.architecture(),
                      new CompressionPlan(plan.precision(), plan.pruningRatios()),
                      fromOld.training())));
    }
  }

  @Test
  void techniquesAJobLeavesOutStayOff() {
    SplittableRandom random = new SplittableRandom(11);
    int used = 0;
    for (int n = 0; n < 200; n++) {
      int[] genes = MobileCnnSpace.layout(CompressionTechnique.ALL).random(random);
      CompressionPlan none =
          MobileCnnSpace.decode(MobileCnnSpace.restrict(genes, List.of()), null).compression();
      assertThat(none).isEqualTo(new CompressionPlan(none.precision(), none.pruningRatios()));
      CompressionPlan onlySparsity =
          MobileCnnSpace.decode(
                  MobileCnnSpace.restrict(genes, List.of(CompressionTechnique.SPARSITY)), null)
              .compression();
      assertThat(onlySparsity.lowRankRatio()).isNull();
      assertThat(onlySparsity.distillation()).isNull();
      CompressionPlan all =
          MobileCnnSpace.decode(MobileCnnSpace.restrict(genes, CompressionTechnique.ALL), null)
              .compression();
      assertThat(all).isEqualTo(MobileCnnSpace.decode(genes, null).compression());
      if (all.sparsity() != null) used++;
    }
    // every technique's gene is live: about three quarters of random genomes are sparse
    assertThat(used).isBetween(100, 190);
  }

  @Test
  void mixedPrecisionGivesOnePrecisionPerLayerOfAnInt8Plan() {
    ArchitectureSpec arch =
        new ArchitectureSpec(
            16,
            List.of(
                new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 1, 1),
                new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 32, 2, 3)),
            Activation.RELU,
            64);
    NetworkSpec net =
        NetworkDecoder.decode(
            new CandidateSpec(arch, CompressionPlan.none(), TrainingRecipe.defaults()),
            InputShape.MNIST,
            10);
    int layers = (int) net.convs().count() + net.head().size();
    List<Precision> mix = PrecisionMix.DEPTHWISE_FP16.layers(net, Precision.INT8);
    assertThat(mix).hasSize(layers);
    assertThat(mix.getFirst()).isEqualTo(Precision.FP32);
    assertThat(mix.getLast()).isEqualTo(Precision.FP32);
    assertThat(mix).contains(Precision.FP16, Precision.INT8);
    assertThat(PrecisionMix.ALL_INT8.layers(net, Precision.INT8)).containsOnly(Precision.INT8);
    assertThat(PrecisionMix.ALL_INT8.layers(net, Precision.FP16)).isEmpty();
    assertThat(PrecisionMix.UNIFORM.layers(net, Precision.INT8)).isEmpty();
  }
}
