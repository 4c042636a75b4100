package dev.sculptor.core.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
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

class ArmCortexA72Test {

  @Test
  void theReferenceNetworksHaveTheirPublishedMultiplyAccumulates() {
    // MobileNetV1 569 M, MobileNetV2 300 M (papers' counts); ResNet-18 1.8 G, ResNet-50 v1 3.9 G.
    assertThat(macs(ReferenceNetworks.mobileNetV1()) / 1e6).isCloseTo(569, within(1.0));
    assertThat(macs(ReferenceNetworks.mobileNetV2()) / 1e6).isCloseTo(300, within(2.0));
    assertThat(macs(ReferenceNetworks.resNet18()) / 1e9).isCloseTo(1.82, within(0.01));
    assertThat(macs(ReferenceNetworks.resNet50()) / 1e9).isCloseTo(3.86, within(0.01));
  }

  @Test
  void theModelReproducesItsPublishedAnchorsWithinItsStatedError() {
    // Stated in docs/latency-models.md: fp32 anchors within ±10%, int8 anchors within ±15%.
    List<Double> errors = ArmCortexA72.MODEL.anchorErrorsPercent();
    for (int i = 0; i < errors.size(); i++) {
      double bound = ArmCortexA72.ANCHORS.get(i).precision() == Precision.INT8 ? 15 : 10;
      assertThat(Math.abs(errors.get(i)))
          .as(ArmCortexA72.ANCHORS.get(i).toString())
          .isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void theCommittedConstantsAreWhatTheFitGives() {
    AnalyticalLatencyModel.Fit fit =
        AnalyticalLatencyModel.fit(ArmCortexA72.hardware(), ArmCortexA72.ANCHORS);
    assertThat(fit)
        .isEqualTo(
            new AnalyticalLatencyModel.Fit(
                ArmCortexA72.GEMM_EFFICIENCY,
                ArmCortexA72.GEMM_HALF_DEPTH,
                ArmCortexA72.DEPTHWISE_EFFICIENCY,
                ArmCortexA72.KERNEL_OVERHEAD_MS));
    assertThat(AnalyticalLatencyModel.int8Factor(ArmCortexA72.ANCHORS))
        .isCloseTo(ArmCortexA72.INT8_FACTOR, within(5e-4));
    LatencyModel.HeldOutError loo =
        AnalyticalLatencyModel.leaveOneOut(ArmCortexA72.hardware(), ArmCortexA72.ANCHORS);
    assertThat(loo.medianAbsPercent())
        .isCloseTo(ArmCortexA72.LEAVE_ONE_OUT.medianAbsPercent(), within(0.05));
    assertThat(loo.maxAbsPercent())
        .isCloseTo(ArmCortexA72.LEAVE_ONE_OUT.maxAbsPercent(), within(0.05));
    assertThat(loo.shareWithin10Percent())
        .isCloseTo(ArmCortexA72.LEAVE_ONE_OUT.shareWithin10Percent(), within(1e-9));
  }

  @Test
  void predictionsGrowWithMultiplyAccumulates() {
    double previous = 0;
    long previousMacs = 0;
    for (int width : new int[] {8, 16, 24, 32, 48, 64, 96, 128}) {
      NetworkSpec net = net(width);
      double ms = ArmCortexA72.MODEL.predictMs(net, Precision.FP32);
      assertThat(net.macs()).isGreaterThan(previousMacs);
      assertThat(ms).as("width " + width).isGreaterThan(previous);
      previous = ms;
      previousMacs = net.macs();
    }
    // and for the standard networks, in MAC order
    List<List<Kernel>> byMacs =
        List.of(
            ReferenceNetworks.mobileNetV2(),
            ReferenceNetworks.mobileNetV1(),
            ReferenceNetworks.resNet18(),
            ReferenceNetworks.resNet50());
    for (int i = 1; i < byMacs.size(); i++) {
      assertThat(ArmCortexA72.MODEL.predictMs(byMacs.get(i), Precision.FP32, 4))
          .isGreaterThan(ArmCortexA72.MODEL.predictMs(byMacs.get(i - 1), Precision.FP32, 4));
    }
  }

  @Test
  void int8IsPredictedFasterThanFp32AndFp16AsFp32() {
    NetworkSpec net = net(64);
    double fp32 = ArmCortexA72.MODEL.predictMs(net, Precision.FP32);
    assertThat(ArmCortexA72.MODEL.predictMs(net, Precision.INT8))
        .isCloseTo(ArmCortexA72.INT8_FACTOR * fp32, within(1e-9));
    assertThat(ArmCortexA72.MODEL.predictMs(net, Precision.FP16)).isEqualTo(fp32);
  }

  @Test
  void aPrunedNetworkIsPredictedFaster() {
    CandidateSpec wide = candidate(64, List.of());
    CandidateSpec pruned = candidate(64, List.of(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
    double full =
        ArmCortexA72.MODEL.predictMs(
            NetworkDecoder.decodePruned(wide, InputShape.MNIST, 10), Precision.FP32);
    double cut =
        ArmCortexA72.MODEL.predictMs(
            NetworkDecoder.decodePruned(pruned, InputShape.MNIST, 10), Precision.FP32);
    assertThat(cut).isLessThan(full);
  }

  private static long macs(List<Kernel> kernels) {
    return kernels.stream().mapToLong(Kernel::macs).sum();
  }

  private static NetworkSpec net(int width) {
    return NetworkDecoder.decodePruned(candidate(width, List.of()), InputShape.MNIST, 10);
  }

  private static CandidateSpec candidate(int width, List<Double> pruning) {
    ArchitectureSpec arch =
        new ArchitectureSpec(
            16,
            List.of(
                new StageSpec(BlockType.CONV_BN_ACT, 3, width, 2, 1),
                new StageSpec(BlockType.INVERTED_RESIDUAL, 3, width, 2, 3)),
            Activation.RELU,
            0);
    return new CandidateSpec(
        arch, new CompressionPlan(Precision.FP32, pruning), TrainingRecipe.defaults());
  }
}
