package dev.sculptor.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.latency.Kernel.Kind;
import dev.sculptor.core.latency.OnnxRuntimeCpuPlan;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The host-cpu latency model counts the kernels {@link OnnxRuntimeCpuPlan} lists: for random
 * networks of the search space, they are the kernels in ONNX Runtime's own optimised graph on this
 * machine, kind by kind and layout by layout.
 */
class OnnxRuntimeCpuPlanAgreementTest {
  @Test
  void thePlanListsTheKernelsOnnxRuntimeRuns() {
    SplittableRandom random = new SplittableRandom(7);
    List<NetworkSpec> nets = new ArrayList<>();
    List<Map<String, Integer>> graphs = new ArrayList<>();
    int block = 0;
    // more networks on request (bench/latency/plan-check-avx2.sh)
    for (Calibration.Drawn d :
        Calibration.draw(random, Integer.getInteger("sculptor.plan.networks", 40))) {
      NetworkSpec net = d.network();
      byte[] onnx = d.onnx();
      try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(onnx, net.input(), Precision.FP32, 1)) {
        graphs.add(ort.provenance().kernels());
        block = OnnxRuntimeModel.commonLayoutBlock(block, ort.layoutBlock());
      }
      nets.add(net);
    }
    // bench/latency/plan-check-avx2.sh runs this under an emulated AVX2 CPU and must get block 8,
    // bench/arm/check-under-qemu.sh under an emulated Cortex-A72 and must get 1 (no blocking)
    block = Math.max(1, block); // no blocked convolution: the plain layout, as Calibration reads it
    int required = Integer.getInteger("sculptor.plan.requireBlock", 0);
    if (required != 0)
      assertThat(block).as("ONNX Runtime's channel block here").isEqualTo(required);
    // Checked on AVX-512 CPUs (block 16), an emulated AVX2 one (block 8) and an emulated
    // Cortex-A72 (1); elsewhere calibration still fits, on a plan that may be approximate.
    Assumptions.assumeTrue(
        block == 16 || block == 8 || required == 1,
        "rules checked for channel blocks of 16 and 8 (and 1 on aarch64), here " + block);
    for (int i = 0; i < nets.size(); i++) {
      assertThat(planned(nets.get(i), block))
          .as("network %d: %s", i, graphs.get(i))
          .isEqualTo(ran(graphs.get(i)));
    }
  }

  private static Map<String, Integer> planned(NetworkSpec net, int block) {
    Map<String, Integer> counts = new TreeMap<>();
    for (OnnxRuntimeCpuPlan.Step s : OnnxRuntimeCpuPlan.of(net, block)) {
      Kind kind = s.kernel().kind();
      String key =
          switch (kind) {
            case CONV, DEPTHWISE, POINTWISE -> s.blocked() ? "conv blocked" : "conv plain";
            case POOL -> s.blocked() ? "pool blocked" : "pool plain";
            case REORDER -> s.blocked() ? "reorder to blocked" : "reorder to plain";
            case ADD -> "add";
            case ACTIVATION -> "activation";
            case DENSE -> "dense";
          };
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  private static Map<String, Integer> ran(Map<String, Integer> graph) {
    Map<String, Integer> counts = new TreeMap<>();
    graph.forEach(
        (op, n) -> {
          String key =
              switch (op) {
                case "com.microsoft.nchwc:Conv" -> "conv blocked";
                case "Conv", "com.microsoft:FusedConv" -> "conv plain";
                case "com.microsoft.nchwc:GlobalAveragePool" -> "pool blocked";
                case "GlobalAveragePool" -> "pool plain";
                case "com.microsoft.nchwc:ReorderInput" -> "reorder to blocked";
                case "com.microsoft.nchwc:ReorderOutput" -> "reorder to plain";
                case "Add" -> "add";
                case "com.microsoft:Gelu", "com.microsoft:QuickGelu", "Gelu" -> "activation";
                case "Gemm", "com.microsoft:FusedGemm" -> "dense";
                default -> null;
              };
          if (key != null) counts.merge(key, n, Integer::sum);
        });
    return counts;
  }
}
