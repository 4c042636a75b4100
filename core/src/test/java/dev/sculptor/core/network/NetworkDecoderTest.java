package dev.sculptor.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkDecoderTest {

  @Test
  void handComputedExampleMatchesShapesParamsAndMacs() {
    // stem 3x3 1→8 on 28x28; stage conv 3x3 stride 2 8→16 (14x14); head dense 16→10.
    CandidateSpec spec =
        candidate(List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 16, 1, 1)), 0, List.of());
    NetworkSpec net = NetworkDecoder.decode(spec, InputShape.MNIST, 10);

    ConvLayer stem = net.stem();
    ConvLayer conv = net.blocks().getFirst().convs().getFirst();
    assertThat(stem.outHeight()).isEqualTo(28);
    assertThat(conv.outHeight()).isEqualTo(14);
    assertThat(stem.params()).isEqualTo(8 * 1 * 9 + 2 * 8);
    assertThat(conv.params()).isEqualTo(16 * 8 * 9 + 2 * 16);
    assertThat(net.params()).isEqualTo(88 + 1184 + (16 * 10 + 10));
    assertThat(stem.macs()).isEqualTo(28L * 28 * 8 * 9);
    assertThat(conv.macs()).isEqualTo(14L * 14 * 16 * 8 * 9);
    assertThat(net.macs()).isEqualTo(56448 + 225792 + 160);
    assertThat(net.peakActivationBytes())
        .isEqualTo(4L * (8 * 28 * 28 + 16 * 14 * 14)); // the stage conv: 8x28x28 in, 16x14x14 out
  }

  @Test
  void residualsOnlyWhereShapesMatchAndPruningNeverBreaksThem() {
    CandidateSpec spec =
        candidate(
            List.of(new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 16, 3, 6)),
            0,
            List.of(0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
    NetworkSpec full = NetworkDecoder.decode(spec, InputShape.MNIST, 10);
    NetworkSpec pruned = NetworkDecoder.decodePruned(spec, InputShape.MNIST, 10);

    assertThat(full.blocks()).extracting(BlockLayers::residual).containsExactly(false, true, true);
    // stem, three expansions; the first block's output feeds a residual, so it is not prunable
    assertThat(full.prunableLayers())
        .extracting(PrunableLayer::name)
        .containsExactly("stem", "s1.b1.expand", "s1.b2.expand", "s1.b3.expand");
    assertThat(pruned.stem().out()).isEqualTo(4);
    assertThat(pruned.blocks().get(1).convs().getFirst().out()).isEqualTo(48);
    for (BlockLayers b : pruned.blocks()) {
      if (b.residual()) assertThat(b.convs().getFirst().in()).isEqualTo(b.outChannels());
    }
    assertThat(pruned.params()).isLessThan(full.params());
    assertThat(pruned.macs()).isLessThan(full.macs());
  }

  @Test
  void thousandsOfRandomSpecsDecodeWithConsistentShapes() {
    Random random = new Random(1);
    for (int i = 0; i < 5000; i++) {
      List<StageSpec> stages = new ArrayList<>();
      for (int s = 0, n = random.nextInt(6); s < n; s++) {
        stages.add(
            new StageSpec(
                BlockType.values()[random.nextInt(3)],
                random.nextInt(8) - 1,
                random.nextInt(200) - 10,
                random.nextInt(5),
                random.nextInt(8)));
      }
      List<Double> ratios = new ArrayList<>();
      for (int r = 0, n = random.nextInt(12); r < n; r++)
        ratios.add(random.nextDouble() * 1.2 - 0.1);
      CandidateSpec spec = candidate(stages, random.nextInt(300) - 20, ratios);
      for (NetworkSpec net :
          List.of(
              NetworkDecoder.decode(spec, InputShape.MNIST, 10),
              NetworkDecoder.decodePruned(spec, InputShape.CIFAR, 10))) {
        int channels = net.stem().out();
        for (BlockLayers b : net.blocks()) {
          assertThat(b.convs().getFirst().in()).isEqualTo(channels);
          for (int c = 1; c < b.convs().size(); c++)
            assertThat(b.convs().get(c).in()).isEqualTo(b.convs().get(c - 1).out());
          if (b.residual()) assertThat(b.outChannels()).isEqualTo(channels);
          channels = b.outChannels();
          assertThat(b.convs().getLast().outHeight()).isPositive();
        }
        assertThat(net.head().getFirst().in()).isEqualTo(channels);
        assertThat(net.params()).isPositive();
        assertThat(net.macs()).isPositive();
      }
    }
  }

  static CandidateSpec candidate(List<StageSpec> stages, int headHidden, List<Double> ratios) {
    return new CandidateSpec(
        new ArchitectureSpec(8, stages, Activation.RELU, headHidden),
        new CompressionPlan(Precision.FP32, ratios),
        TrainingRecipe.defaults());
  }
}
