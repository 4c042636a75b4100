package dev.sculptor.core.network;

import static dev.sculptor.core.network.NetworkDecoderTest.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.HeadPooling;
import dev.sculptor.core.space.StageSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LayerTableTest {

  @Test
  void withoutPruningEveryLayerKeepsItsChannelsAndTheTotalsAreTheDecodersOwn() {
    CandidateSpec spec =
        candidate(List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 16, 1, 1)), 0, List.of());
    LayerTable table = LayerTable.of(spec, InputShape.MNIST, 10);
    NetworkSpec net = NetworkDecoder.decode(spec, InputShape.MNIST, 10);

    assertThat(table.stem().outHeight()).isEqualTo(28);
    LayerTable.Conv conv = table.blocks().getFirst().layers().getFirst();
    assertThat(conv.name()).isEqualTo("s1.b1.conv");
    assertThat(conv.outHeight()).isEqualTo(14);
    assertThat(conv.out()).isEqualTo(16).isEqualTo(conv.outBeforePruning());
    assertThat(conv.pruningRatio()).isEqualTo(0.0);
    assertThat(table.head())
        .extracting(LayerTable.Dense::in, LayerTable.Dense::out)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(16, 10));
    assertThat(table.beforePruning()).isEqualTo(table.afterPruning());
    assertThat(table.afterPruning().params()).isEqualTo(net.params());
    assertThat(table.afterPruning().macs()).isEqualTo(net.macs());
    assertThat(table.afterPruning().peakActivationBytes()).isEqualTo(net.peakActivationBytes());
  }

  /** A flattened head reads every position of each kept channel of the last feature map. */
  @Test
  void aFlattenedHeadCountsEveryPositionOfTheKeptChannels() {
    CandidateSpec pooled =
        candidate(List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 16, 1, 1)), 0, List.of(0.0, 0.5));
    var a = pooled.architecture();
    CandidateSpec spec =
        new CandidateSpec(
            new ArchitectureSpec(
                a.stemWidth(), a.stages(), a.activation(), a.headHidden(), HeadPooling.FLATTEN),
            pooled.compression(),
            pooled.training());
    LayerTable table = LayerTable.of(spec, InputShape.MNIST, 10);

    assertThat(LayerTable.of(pooled, InputShape.MNIST, 10).pooling())
        .isEqualTo(HeadPooling.GLOBAL_AVERAGE);
    assertThat(table.pooling()).isEqualTo(HeadPooling.FLATTEN);
    assertThat(table.head())
        .extracting(LayerTable.Dense::in, LayerTable.Dense::inBeforePruning)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(8 * 14 * 14, 16 * 14 * 14));
    assertThat(table.afterPruning().params())
        .isEqualTo(NetworkDecoder.decodePruned(spec, InputShape.MNIST, 10).params());
  }

  @Test
  void invertedResidualsArePrunedOnlyWhereNoAdditionDependsOnTheWidth() {
    CandidateSpec spec =
        candidate(
            List.of(new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 16, 3, 6)),
            0,
            List.of(0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
    LayerTable table = LayerTable.of(spec, InputShape.MNIST, 10);

    assertThat(table.blocks())
        .extracting(LayerTable.Block::residual)
        .containsExactly(false, true, true);
    assertThat(table.blocks())
        .extracting(LayerTable.Block::name)
        .containsExactly("s1.b1", "s1.b2", "s1.b3");
    assertThat(table.blocks()).extracting(LayerTable.Block::stage).containsExactly(1, 1, 1);
    assertThat(convs(table).filter(c -> c.pruningIndex() != null).map(LayerTable.Conv::name))
        .containsExactly("stem", "s1.b1.expand", "s1.b2.expand", "s1.b3.expand");
    assertThat(
            convs(table).filter(c -> c.pruningIndex() != null).map(LayerTable.Conv::pruningIndex))
        .containsExactly(0, 1, 2, 3);
    assertThat(table.prunableLayers()).isEqualTo(4);
    assertThat(table.stem().out()).isEqualTo(4);
    assertThat(table.stem().outBeforePruning()).isEqualTo(8);
    LayerTable.Conv expand = table.blocks().get(1).layers().getFirst();
    assertThat(expand.out()).isEqualTo(48);
    assertThat(expand.outBeforePruning()).isEqualTo(96);
    assertThat(expand.kind()).isEqualTo("pointwise");
    assertThat(table.blocks().get(1).layers().get(1).kind()).isEqualTo("depthwise");
    NetworkSpec pruned = NetworkDecoder.decodePruned(spec, InputShape.MNIST, 10);
    assertThat(table.afterPruning().params())
        .isEqualTo(pruned.params())
        .isLessThan(table.beforePruning().params());
    assertThat(table.afterPruning().macs())
        .isEqualTo(pruned.macs())
        .isLessThan(table.beforePruning().macs());
  }

  @Test
  void ratiosAreTakenInOrderClampedToTheLargestChoiceAndTheHeadFollowsThePrunedWidth() {
    CandidateSpec spec =
        candidate(
            List.of(
                new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 5, 32, 1, 1),
                new StageSpec(BlockType.CONV_BN_ACT, 3, 64, 1, 1)),
            10,
            List.of(0.25, 0.5, 0.9));
    LayerTable table = LayerTable.of(spec, InputShape.MNIST, 10);

    List<LayerTable.Conv> first = table.blocks().getFirst().layers();
    assertThat(table.stem().out()).isEqualTo(6);
    assertThat(first.get(0).in()).isEqualTo(6);
    assertThat(first.get(0).out()).isEqualTo(6);
    assertThat(first.get(0).pruningRatio()).isNull();
    assertThat(first.get(1).out()).isEqualTo(16);
    LayerTable.Conv last = table.blocks().get(1).layers().getFirst();
    assertThat(last.pruningRatio()).isEqualTo(CompressionPlan.MAX_PRUNING_RATIO);
    assertThat(last.out()).isEqualTo(NetworkDecoder.kept(64, CompressionPlan.MAX_PRUNING_RATIO));
    assertThat(table.blocks()).extracting(LayerTable.Block::stage).containsExactly(1, 2);
    assertThat(table.head().getFirst().in()).isEqualTo(last.out());
    assertThat(table.head().getFirst().inBeforePruning()).isEqualTo(64);
    assertThat(table.maxPruningRatio()).isEqualTo(CompressionPlan.PRUNING_RATIOS.getLast());
  }

  @Test
  void aLargeInputGetsAStrideTwoStem() {
    CandidateSpec spec =
        candidate(List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 16, 1, 1)), 0, List.of());
    LayerTable table = LayerTable.of(spec, new InputShape(3, 64, 64), 5);

    assertThat(table.stem().stride()).isEqualTo(2);
    assertThat(table.stem().outHeight()).isEqualTo(32);
    assertThat(table.stem().in()).isEqualTo(3);
    assertThat(table.head().getLast().out()).isEqualTo(5);
  }

  private static Stream<LayerTable.Conv> convs(LayerTable table) {
    return Stream.concat(
        Stream.of(table.stem()), table.blocks().stream().flatMap(b -> b.layers().stream()));
  }
}
