package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.measurement.ExecutionProvider;
import dev.sculptor.evaluator.measurement.Gpu;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The nvidia-gpu timing path. Where there is no GPU (every CI machine) asking for CUDA must fail
 * loudly, never fall back to timing on the CPU under a GPU label; on a GPU machine with the
 * evaluator built {@code -Pgpu} the same model is timed by the CUDA provider and says so.
 */
class CudaTimingTest {
  @Test
  void onlyNvidiaGpuIsTimedWithCuda() {
    assertThat(ExecutionProvider.forTarget("nvidia-gpu")).isEqualTo(ExecutionProvider.CUDA);
    assertThat(ExecutionProvider.forTarget("host-cpu")).isEqualTo(ExecutionProvider.CPU);
    assertThat(ExecutionProvider.forTarget("arm-cortex-a72")).isEqualTo(ExecutionProvider.CPU);
    assertThat(ExecutionProvider.CPU.inThisBuild()).isTrue();
  }

  @Test
  void withoutAGpuCudaTimingRefusesInsteadOfTimingTheCpu() {
    assumeTrue(Gpu.probe().isEmpty(), "this machine has a GPU");
    byte[] onnx = model();
    assertThatThrownBy(
            () ->
                OnnxRuntimeModel.load(
                    onnx, InputShape.MNIST, Precision.FP32, 1, ExecutionProvider.CUDA))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ONNX Runtime could not load the model");
  }

  @Test
  void onAGpuTheCudaProviderTimesTheModel() {
    assumeTrue(
        ExecutionProvider.CUDA.inThisBuild() && Gpu.probe().isPresent(),
        "needs an NVIDIA GPU and the evaluator built with -Pgpu");
    try (OnnxRuntimeModel model =
        OnnxRuntimeModel.load(
            model(), InputShape.MNIST, Precision.FP32, 1, ExecutionProvider.CUDA)) {
      OnnxRuntimeMeter.Measurement m = OnnxRuntimeMeter.measure(model, 20, 50);
      assertThat(m.provenance().provider()).isEqualTo(ExecutionProvider.CUDA);
      assertThat(m.timing().medianMs()).isPositive();
    }
  }

  private static byte[] model() {
    NetworkSpec spec =
        NetworkDecoder.decodePruned(
            MobileCnnSpace.decode(MobileCnnSpace.random(new Random(3)), null),
            InputShape.MNIST,
            10);
    return OnnxExporter.builder()
        .setPrecision(Precision.FP32)
        .build()
        .export(spec, RandomWeights.of(spec, 3))
        .bytes();
  }
}
