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
  void theModelReproducesItsPublishedAnchorsWithinItsStatedError() {
    // Stated in docs/latency-models.md: the mobile-class fp32 anchors (depthwise or fire-module
    // networks, Sculptor's kind) within ±10%; every fp32 anchor within ±45%, int8 within ±80%.
    List<String> mobileClass =
        List.of(
            "SqueezeNet 1.1",
            "MobileNetV1",
            "MobileNetV2",
            "MobileNetV3",
            "ShuffleNetV2",
            "MnasNet",
            "ProxylessNAS",
            "EfficientNet-B0",
            "EfficientNetV2-B0",
            "BlazeFace");
    List<Double> errors = ArmCortexA72.MODEL.anchorErrorsPercent();
    for (int i = 0; i < errors.size(); i++) {
      PublishedLatency anchor = ArmCortexA72.ANCHORS.get(i);
      double bound =
          anchor.precision() == Precision.INT8
              ? 80
              : mobileClass.contains(anchor.network()) ? 10 : 45;
      assertThat(Math.abs(errors.get(i))).as(anchor.toString()).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void itsLabelSaysHowManyFiguresAnchorItAndItsHeldOutError() {
    assertThat(ArmCortexA72.MODEL.errorSummary())
        .startsWith(AnalyticalLatencyModel.PROVENANCE)
        .contains("21 published figures")
        .contains("leave-one-out median error 7%, worst 111%");
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
    assertThat(
            AnalyticalLatencyModel.int8Factor(
                ArmCortexA72.ANCHORS, ArmCortexA72.KERNEL_OVERHEAD_MS))
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
    // and for standard networks of one family, in MAC order
    List<List<Kernel>> byMacs =
        List.of(NcnnGraph.read("resnet18"), NcnnGraph.read("resnet50"), NcnnGraph.read("vgg16"));
    for (int i = 1; i < byMacs.size(); i++) {
      assertThat(ArmCortexA72.MODEL.predictMs(byMacs.get(i), Precision.FP32, 4))
          .isGreaterThan(ArmCortexA72.MODEL.predictMs(byMacs.get(i - 1), Precision.FP32, 4));
    }
  }

  @Test
  void int8ShortensAllButTheKernelLaunchesAndFp16IsPredictedAsFp32() {
    NetworkSpec net = net(64);
    double fp32 = ArmCortexA72.MODEL.predictMs(net, Precision.FP32);
    double launches = Kernel.of(net).size() * ArmCortexA72.KERNEL_OVERHEAD_MS;
    assertThat(ArmCortexA72.MODEL.predictMs(net, Precision.INT8))
        .isCloseTo(ArmCortexA72.INT8_FACTOR * (fp32 - launches) + launches, within(1e-9))
        .isLessThan(fp32);
    assertThat(ArmCortexA72.MODEL.predictMs(net, Precision.FP16)).isEqualTo(fp32);
    // so a small network, mostly launches, gains less from int8 than a large one
    List<Kernel> large = NcnnGraph.read("vgg16");
    double largeRatio =
        ArmCortexA72.MODEL.predictMs(large, Precision.INT8, 4)
            / ArmCortexA72.MODEL.predictMs(large, Precision.FP32, 4);
    assertThat(
            ArmCortexA72.MODEL.predictMs(net(8), Precision.INT8)
                / ArmCortexA72.MODEL.predictMs(net(8), Precision.FP32))
        .isGreaterThan(largeRatio + 0.1);
    assertThat(largeRatio).isCloseTo(ArmCortexA72.INT8_FACTOR, within(0.01));
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
