package dev.sculptor.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.metrics.ComputedMetrics;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The size bound of a plan with per-layer precisions (the exported files: ModelSizeBoundTest). */
class ModelBytesBoundTest {
  private static final NetworkSpec SPEC =
      NetworkDecoder.decode(
          new CandidateSpec(
              new ArchitectureSpec(
                  16,
                  List.of(new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 64, 2, 1)),
                  Activation.RELU,
                  0),
              CompressionPlan.none(),
              TrainingRecipe.defaults()),
          InputShape.MNIST,
          10);
  private static final int LAYERS = (int) SPEC.convs().count() + SPEC.head().size();

  @Test
  void aPlanWithoutLayerPrecisionsKeepsTheBoundOfItsPrecision() {
    for (Precision p : Precision.values())
      assertThat(SPEC.modelBytesAtLeast(new CompressionPlan(p, List.of())))
          .isEqualTo(SPEC.modelBytesAtLeast(p))
          .isEqualTo(ComputedMetrics.of(SPEC, p).modelBytesAtLeast());
  }

  @Test
  void eachLayerCountsAtItsOwnPrecision() {
    CompressionPlan int8 = new CompressionPlan(Precision.INT8, List.of());
    for (Precision p : Precision.values())
      assertThat(SPEC.modelBytesAtLeast(int8.withLayerPrecisions(Collections.nCopies(LAYERS, p))))
          .isEqualTo(SPEC.modelBytesAtLeast(p));
    // a 3×3 depthwise conv of O channels stores 2 (9 O + O) = 20 O bytes in fp16, 2 O less than
    // its int8 bound 9 O + 13 O: the plan's precision alone would overstate such a file
    List<Precision> depthwiseFp16 =
        java.util.stream.Stream.concat(
                SPEC.convs().map(c -> c.depthwise() ? Precision.FP16 : Precision.INT8),
                SPEC.head().stream().map(d -> Precision.INT8))
            .toList();
    long depthwiseChannels =
        SPEC.convs().filter(ConvLayer::depthwise).mapToLong(ConvLayer::out).sum();
    assertThat(depthwiseChannels).isPositive();
    CompressionPlan plan = int8.withLayerPrecisions(depthwiseFp16);
    assertThat(SPEC.modelBytesAtLeast(plan))
        .isEqualTo(SPEC.modelBytesAtLeast(Precision.INT8) - 2 * depthwiseChannels)
        .isEqualTo(ComputedMetrics.of(SPEC, plan).modelBytesAtLeast());
  }
}
