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
import java.util.List;
import org.junit.jupiter.api.Test;

class LowRankFactorisationTest {

  /** Stem 8, one depthwise-separable block (8 → width, stride 2), hidden 64, MNIST, 10 classes. */
  static CandidateSpec candidate(int width, List<Double> pruning, Double lowRank) {
    return new CandidateSpec(
        new ArchitectureSpec(
            8,
            List.of(new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, width, 1, 1)),
            Activation.RELU,
            64),
        new CompressionPlan(Precision.FP32, pruning, null, lowRank, null, List.of(), null),
        TrainingRecipe.defaults());
  }

  @Test
  void paramsAndMacsFallExactlyAsComputedByHand() {
    CandidateSpec spec = candidate(32, List.of(), 0.25);
    NetworkSpec whole = NetworkDecoder.decode(spec, InputShape.MNIST, 10);
    NetworkSpec factorised = NetworkDecoder.decodePruned(spec, InputShape.MNIST, 10);

    // stem 1→8 3×3 at 28×28: 72 weights + 16 batch norm, 28·28·8·9 MACs
    // dw 8 3×3 stride 2 → 14×14: 72 + 16, 14·14·8·9
    // pw 8→32 at 14×14: 256 + 64, 196·256; rank round(0.25·8) = 2 (2·40 < 256):
    //   8→2 without batch norm: 16, 196·16; 2→32: 64 + 64, 196·64
    // hidden 32→64: 2048 + 64, 2048; rank 8 (8·96 < 2048): 32→8 no bias 256, 256; 8→64 576, 512
    // classes 64→10: 640 + 10, 640, whole: the classifier is never factorised
    assertThat(whole.params()).isEqualTo(88 + 88 + 320 + 2112 + 650);
    assertThat(whole.macs()).isEqualTo(56448 + 14112 + 50176 + 2048 + 640);
    assertThat(factorised.params()).isEqualTo(88 + 88 + 16 + 128 + 256 + 576 + 650);
    assertThat(factorised.macs()).isEqualTo(56448 + 14112 + 3136 + 12544 + 256 + 512 + 640);

    List<ConvLayer> convs = factorised.convs().toList();
    assertThat(convs)
        .extracting(ConvLayer::name)
        .containsExactly("stem", "s1.b1.dw", "s1.b1.pw.factor1", "s1.b1.pw.factor2");
    ConvLayer first = convs.get(2);
    ConvLayer second = convs.get(3);
    assertThat(first.factor()).isEqualTo(new LowRankFactor("s1.b1.pw", 1, 2));
    assertThat(first.batchNorm()).isFalse();
    assertThat(first.activation()).isFalse();
    assertThat(second.batchNorm()).isTrue();
    assertThat(second.activation()).isTrue();
    assertThat(second.in()).isEqualTo(2);
    assertThat(second.out()).isEqualTo(32);
    assertThat(factorised.head())
        .extracting(DenseLayer::name, DenseLayer::in, DenseLayer::out, DenseLayer::bias)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("head.hidden.factor1", 32, 8, false),
            org.assertj.core.groups.Tuple.tuple("head.hidden.factor2", 8, 64, true),
            org.assertj.core.groups.Tuple.tuple("head.classes", 64, 10, true));
    assertThat(factorised.head().get(1).activation()).isTrue();
    assertThat(factorised.head().get(2).factor()).isNull();

    // the size bound counts no bias for the first factors: fp32 4 · (weights + biases)
    long fp32Weights = 72 + 72 + 16 + 64 + 256 + 512 + 640;
    long biases = 8 + 8 + 32 + 64 + 10;
    assertThat(factorised.modelBytesAtLeast(Precision.FP32))
        .isEqualTo(4 * (fp32Weights + biases))
        .isLessThan(whole.modelBytesAtLeast(Precision.FP32));
  }

  @Test
  void aLayerIsFactorisedOnlyWhereTheTwoFactorsHoldFewerWeights() {
    // pw 8→8 at 0.5: rank 4, 4·(8+8) = 64 is not below 8·8 = 64, so it stays whole; the dense
    // layer still saves (8→64 at rank 4: 288 < 512)
    NetworkSpec net =
        NetworkDecoder.decodePruned(candidate(8, List.of(), 0.5), InputShape.MNIST, 10);
    assertThat(net.convs().map(ConvLayer::name)).containsExactly("stem", "s1.b1.dw", "s1.b1.pw");
    assertThat(net.convs().allMatch(c -> c.factor() == null)).isTrue();
    assertThat(net.head()).extracting(DenseLayer::name).contains("head.hidden.factor1");
    assertThat(NetworkDecoder.factorisationSaves(4, 8, 8)).isFalse();
    assertThat(NetworkDecoder.factorisationSaves(3, 8, 8)).isTrue();
    assertThat(NetworkDecoder.rank(0.125, 4, 40)).isEqualTo(1);

    // k×k convs and depthwise convs never: a conv-bn-act stage has nothing to factorise but the
    // head
    CandidateSpec convOnly =
        new CandidateSpec(
            new ArchitectureSpec(
                16, List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 64, 2, 1)), Activation.RELU, 0),
            new CompressionPlan(Precision.FP32, List.of(), null, 0.125, null, List.of(), null),
            TrainingRecipe.defaults());
    NetworkSpec plain = NetworkDecoder.decodePruned(convOnly, InputShape.MNIST, 10);
    assertThat(plain.convs().allMatch(c -> c.factor() == null)).isTrue();
    assertThat(plain.convs().toList())
        .isEqualTo(NetworkDecoder.decode(convOnly, InputShape.MNIST, 10).convs().toList());

    // no ratio: nothing factorised
    CandidateSpec off = candidate(32, List.of(), null);
    assertThat(NetworkDecoder.decodePruned(off, InputShape.MNIST, 10))
        .isEqualTo(NetworkDecoder.decode(off, InputShape.MNIST, 10));
  }

  @Test
  void pruningComesFirstAndThePruningRatiosKeepTheirLayers() {
    // stem and pw are the prunable layers (no residual): 8→4 and 32→16, then pw 4→16 at rank
    // round(0.25·4) = 1
    CandidateSpec spec = candidate(32, List.of(0.5, 0.5), 0.25);
    NetworkSpec whole = NetworkDecoder.decode(spec, InputShape.MNIST, 10);
    NetworkSpec compressed = NetworkDecoder.decodePruned(spec, InputShape.MNIST, 10);

    assertThat(compressed.prunableLayers()).hasSameSizeAs(whole.prunableLayers());
    assertThat(compressed.prunableLayers())
        .extracting(PrunableLayer::index, PrunableLayer::name, PrunableLayer::channels)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, "stem", 4),
            org.assertj.core.groups.Tuple.tuple(1, "s1.b1.pw.factor2", 16));
    ConvLayer first = compressed.blocks().getFirst().convs().get(1);
    assertThat(first.name()).isEqualTo("s1.b1.pw.factor1");
    assertThat(first.in()).isEqualTo(4);
    assertThat(first.out()).isEqualTo(1);
    assertThat(compressed.head().getFirst().in()).isEqualTo(16);

    LayerTable table = LayerTable.of(spec, InputShape.MNIST, 10);
    List<LayerTable.Conv> layers = table.blocks().getFirst().layers();
    assertThat(layers)
        .extracting(
            LayerTable.Conv::name,
            LayerTable.Conv::out,
            LayerTable.Conv::outBeforePruning,
            LayerTable.Conv::pruningIndex)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s1.b1.dw", 4, 8, null),
            org.assertj.core.groups.Tuple.tuple("s1.b1.pw.factor1", 1, 32, null),
            org.assertj.core.groups.Tuple.tuple("s1.b1.pw.factor2", 16, 32, 1));
    assertThat(layers.get(1).lowRank()).isEqualTo(new LowRankFactor("s1.b1.pw", 1, 1));
    assertThat(layers.get(0).lowRank()).isNull();
    assertThat(table.prunableLayers()).isEqualTo(2);
    assertThat(table.head())
        .extracting(LayerTable.Dense::name, LayerTable.Dense::inBeforePruning)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("head.hidden.factor1", 32),
            org.assertj.core.groups.Tuple.tuple("head.hidden.factor2", 32),
            org.assertj.core.groups.Tuple.tuple("head.classes", 64));
    // the api serves the table as JSON: the factor marks read back, whole layers have none
    String json = dev.sculptor.core.messaging.Json.write(table);
    assertThat(dev.sculptor.core.messaging.Json.read(json, LayerTable.class)).isEqualTo(table);
    assertThat(json).contains("\"lowRank\":{\"layer\":\"s1.b1.pw\",\"part\":1,\"rank\":1}");
    assertThat(table.afterPruning().params()).isEqualTo(compressed.params());
    assertThat(table.afterPruning().macs()).isEqualTo(compressed.macs());
  }
}
