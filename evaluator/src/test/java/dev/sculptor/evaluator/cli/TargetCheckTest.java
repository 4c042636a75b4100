package dev.sculptor.evaluator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.evaluator.measurement.Gpu;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An evaluator serves only the target it is; a GPU target needs both the CUDA build and a GPU. */
class TargetCheckTest {
  static final Optional<Gpu> H200 = Optional.of(new Gpu("NVIDIA H200", "570.86.15", "143771 MiB"));

  @Test
  void cpuTargetsNeedTheirArchitecture() {
    assertThat(Main.whyNotServed("host-cpu", "amd64", "AMD EPYC", false, Optional.empty()))
        .isNull();
    assertThat(
            Main.whyNotServed(
                "arm-cortex-a72",
                "aarch64",
                "Cortex-A72 (Raspberry Pi 4 Model B Rev 1.1)",
                false,
                Optional.empty()))
        .isNull();
    assertThat(Main.whyNotServed("arm-cortex-a72", "amd64", "AMD EPYC", false, Optional.empty()))
        .contains("needs an aarch64 machine");
    assertThat(Main.whyNotServed("host-cpu", "aarch64", "Neoverse-N1", false, Optional.empty()))
        .contains("x86-64 target");
  }

  @Test
  void anotherArmCoreDoesNotServeTheCortexA72() {
    assertThat(
            Main.whyNotServed(
                "arm-cortex-a72",
                "aarch64",
                "Cortex-A76 (Raspberry Pi 5 Model B Rev 1.0)",
                false,
                Optional.empty()))
        .contains("needs a Cortex-A72")
        .contains("Cortex-A76 (Raspberry Pi 5 Model B Rev 1.0)");
    assertThat(Main.whyNotServed("arm-cortex-a72", "aarch64", null, false, Optional.empty()))
        .contains("unknown");
  }

  @Test
  void nvidiaGpuNeedsTheCudaBuildAndAGpu() {
    assertThat(Main.whyNotServed("nvidia-gpu", "amd64", "Intel Xeon", false, H200))
        .contains("-Pgpu");
    assertThat(Main.whyNotServed("nvidia-gpu", "amd64", "Intel Xeon", true, Optional.empty()))
        .contains("nvidia-smi found none");
    assertThat(Main.whyNotServed("nvidia-gpu", "amd64", "Intel Xeon", true, H200)).isNull();
  }

  @Test
  void twoOnnxRuntimeBuildsOnTheClasspathAreRefusedNamingBoth() {
    String lib = "/opt/evaluator/lib/";
    String both =
        String.join(
            java.io.File.pathSeparator,
            "/opt/evaluator/sculptor-evaluator.jar",
            lib + "onnxruntime-1.29.0.jar",
            lib + "onnxruntime_gpu-1.29.0.jar",
            lib + "protobuf-java-4.35.0.jar");
    assertThat(Main.twoOnnxRuntimes(both))
        .startsWith(
            "two ONNX Runtime builds on the classpath (onnxruntime-1.29.0.jar,"
                + " onnxruntime_gpu-1.29.0.jar)")
        .contains("delete that folder");
    assertThat(Main.twoOnnxRuntimes(both.replace(lib + "onnxruntime-1.29.0.jar", ""))).isNull();
    assertThat(Main.twoOnnxRuntimes(System.getProperty("java.class.path"))).isNull();
  }
}
