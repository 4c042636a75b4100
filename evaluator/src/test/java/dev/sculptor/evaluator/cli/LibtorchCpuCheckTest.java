package dev.sculptor.evaluator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which CPUs can run DJL's aarch64 libtorch, read from /proc/cpuinfo as arm64 kernels write it. */
class LibtorchCpuCheckTest {
  private static List<String> cpuinfo(String part, String features, String board) {
    return List.of(
        "processor\t: 0",
        "BogoMIPS\t: 108.00",
        "Features\t: " + features,
        "CPU implementer\t: 0x41",
        "CPU architecture: 8",
        "CPU part\t: " + part,
        "",
        "Model\t\t: " + board);
  }

  @Test
  void aRaspberryPi4CannotTrainAndIsToldWhy() {
    String why =
        LibtorchCpuCheck.problem(
            "aarch64",
            cpuinfo("0xd08", "fp asimd evtstrm crc32 cpuid", "Raspberry Pi 4 Model B Rev 1.1"));
    assertThat(why)
        .contains("Cortex-A72 (Raspberry Pi 4 Model B Rev 1.1)")
        .contains("atomics")
        .contains("SIGILL")
        .contains("calibrate");
  }

  @Test
  void aRaspberryPi5AndX86MachinesCanTrain() {
    assertThat(
            LibtorchCpuCheck.problem(
                "aarch64",
                cpuinfo(
                    "0xd0b",
                    "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid"
                        + " asimdrdm lrcpc dcpop asimddp",
                    "Raspberry Pi 5 Model B Rev 1.0")))
        .isNull();
    assertThat(LibtorchCpuCheck.problem("amd64", List.of("flags\t\t: fpu sse2"))).isNull();
    assertThat(LibtorchCpuCheck.problem("aarch64", List.of())).as("cannot tell").isNull();
  }
}
