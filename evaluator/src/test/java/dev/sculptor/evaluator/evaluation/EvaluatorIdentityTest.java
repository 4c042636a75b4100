package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.evaluator.measurement.ExecutionProvider;
import dev.sculptor.evaluator.measurement.Gpu;
import org.junit.jupiter.api.Test;

/** Every measured number carries {@link EvaluatorIdentity#hardware()}: it names what timed it. */
class EvaluatorIdentityTest {
  @Test
  void aCpuEvaluatorNamesItsCpuAndTimesOnIt() {
    EvaluatorIdentity cpu =
        new EvaluatorIdentity(
            "e1",
            "h1",
            "host-cpu",
            2,
            "DJL",
            "AMD EPYC 9B14",
            "amd64",
            2,
            "onnxruntime",
            "1",
            null,
            null);
    assertThat(cpu.hardware()).isEqualTo("host-cpu: AMD EPYC 9B14, amd64, 2 cores (host h1)");
    assertThat(cpu.timing()).isEqualTo(ExecutionProvider.CPU);
  }

  @Test
  void aGpuEvaluatorNamesItsGpuFirstAndTimesWithCuda() {
    EvaluatorIdentity gpu =
        new EvaluatorIdentity(
            "e2",
            "g1",
            "nvidia-gpu",
            16,
            "DJL",
            "Intel Xeon",
            "amd64",
            1,
            "onnxruntime",
            "1",
            new Gpu("NVIDIA H200", "570.86.15", "143771 MiB"),
            null);
    assertThat(gpu.hardware())
        .isEqualTo(
            "nvidia-gpu: NVIDIA H200, driver 570.86.15, 143771 MiB; host CPU Intel Xeon, amd64,"
                + " 16 cores (host g1)");
    assertThat(gpu.timing()).isEqualTo(ExecutionProvider.CUDA);
  }
}
