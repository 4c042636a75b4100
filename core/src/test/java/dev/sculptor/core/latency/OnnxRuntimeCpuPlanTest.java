package dev.sculptor.core.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernels the plan lists are the ones ONNX Runtime 1.29 ran for these networks on an AVX-512
 * CPU (channel block 16), read off its profile ({@code bench/latency/KernelProfile.java}); the
 * evaluator's {@code OnnxRuntimeCpuPlanAgreementTest} checks random networks against the real
 * optimised graphs.
 */
class OnnxRuntimeCpuPlanTest {
  static final String TRAINING = ", \"training\": {\"learningRate\": 0.001, \"batchSize\": 64}}";

  static NetworkSpec net(String architecture, String pruning) {
    String json =
        "{\"architecture\": "
            + architecture
            + ", \"compression\": {\"precision\": \"FP32\", \"pruningRatios\": "
            + pruning
            + "}"
            + TRAINING;
    return NetworkDecoder.decodePruned(Json.read(json, CandidateSpec.class), InputShape.MNIST, 10);
  }

  static List<String> plan(NetworkSpec net, int block) {
    return OnnxRuntimeCpuPlan.of(net, block).stream()
        .map(
            s ->
                s.kernel().kind()
                    + " "
                    + s.kernel().in()
                    + ">"
                    + s.kernel().out()
                    + (s.blocked() ? " blocked" : ""))
        .toList();
  }

  @Test
  void aConvolutionWithFewInputChannelsReadsThePlainLayoutAndPadsItsOutput() {
    NetworkSpec net =
        net(
            "{\"stemWidth\": 8, \"stages\": [{\"block\": \"CONV_BN_ACT\", \"kernel\": 3,"
                + " \"width\": 8, \"depth\": 1, \"expansion\": 1}], \"activation\": \"RELU\","
                + " \"headHidden\": 0}",
            "[0.5, 0.5]");
    // ORT: Conv(nchwc, 16 filters), ReorderOutput, Conv(nchwc), ReorderOutput, GlobalAveragePool,
    // Gemm
    assertThat(plan(net, 16))
        .containsExactly(
            "CONV 1>16 blocked",
            "REORDER 16>16",
            "CONV 4>16 blocked",
            "REORDER 16>16",
            "POOL 4>4",
            "DENSE 4>10");
  }

  @Test
  void anActivationOtherThanReluRunsApartAndKeepsTheResidualAdditionApart() {
    NetworkSpec net =
        net(
            "{\"stemWidth\": 24, \"stages\": [{\"block\": \"CONV_BN_ACT\", \"kernel\": 3,"
                + " \"width\": 16, \"depth\": 2, \"expansion\": 1}], \"activation\": \"GELU\","
                + " \"headHidden\": 0}",
            "[0.75]");
    // ORT: Conv, Gelu, ReorderOutput, Conv, Gelu, Conv, Gelu, Add, GlobalAveragePool(nchwc),
    // ReorderOutput, Gemm
    assertThat(plan(net, 16))
        .containsExactly(
            "CONV 1>16 blocked",
            "ACTIVATION 16>16 blocked",
            "REORDER 16>16",
            "CONV 6>16 blocked",
            "ACTIVATION 16>16 blocked",
            "CONV 16>16 blocked",
            "ACTIVATION 16>16 blocked",
            "ADD 16>16 blocked",
            "POOL 16>16 blocked",
            "REORDER 16>16",
            "DENSE 16>10");
    assertThat(plan(net, 1))
        .containsExactly(
            "CONV 1>6",
            "ACTIVATION 6>6",
            "CONV 6>16",
            "ACTIVATION 16>16",
            "CONV 16>16",
            "ACTIVATION 16>16",
            "ADD 16>16",
            "POOL 16>16",
            "DENSE 16>10");
  }

  @Test
  void channelsThatAreNotAMultipleOfFourStayPlainBetweenTwoReorders() {
    NetworkSpec net =
        net(
            "{\"stemWidth\": 24, \"stages\": [{\"block\": \"CONV_BN_ACT\", \"kernel\": 5,"
                + " \"width\": 128, \"depth\": 1, \"expansion\": 1}, {\"block\": \"CONV_BN_ACT\","
                + " \"kernel\": 3, \"width\": 32, \"depth\": 1, \"expansion\": 1}],"
                + " \"activation\": \"RELU\", \"headHidden\": 0}",
            "[0.25, 0.25, 0.25]");
    // ORT: Conv(nchwc), ReorderOutput, FusedConv, ReorderInput, Conv(nchwc), ReorderOutput,
    // GlobalAveragePool, Gemm
    assertThat(plan(net, 16))
        .containsExactly(
            "CONV 1>32 blocked",
            "REORDER 32>32",
            "CONV 18>96",
            "REORDER 96>96 blocked",
            "CONV 96>32 blocked",
            "REORDER 32>32",
            "POOL 24>24",
            "DENSE 24>10");
  }
}
