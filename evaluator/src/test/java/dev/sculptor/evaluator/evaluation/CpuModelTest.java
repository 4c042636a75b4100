package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU every measured number names, read from /proc/cpuinfo as each kind of kernel writes it.
 */
class CpuModelTest {
  /** One arm64 core's block as the kernel writes it. */
  private static List<String> armCore(int n, String implementer, String part) {
    return List.of(
        "processor\t: " + n,
        "BogoMIPS\t: 108.00",
        "Features\t: fp asimd evtstrm crc32 cpuid",
        "CPU implementer\t: " + implementer,
        "CPU architecture: 8",
        "CPU variant\t: 0x0",
        "CPU part\t: " + part,
        "CPU revision\t: 3",
        "");
  }

  @Test
  void aRaspberryPi4IsNamedByItsCoreAndBoardNotItsPartNumber() {
    List<String> cpuinfo = new ArrayList<>();
    for (int i = 0; i < 4; i++) cpuinfo.addAll(armCore(i, "0x41", "0xd08"));
    cpuinfo.addAll(
        List.of(
            "Hardware\t: BCM2835",
            "Revision\t: c03111",
            "Serial\t\t: 10000000a1b2c3d4",
            "Model\t\t: Raspberry Pi 4 Model B Rev 1.1"));
    assertThat(CpuModel.of(cpuinfo)).isEqualTo("Cortex-A72 (Raspberry Pi 4 Model B Rev 1.1)");
  }

  @Test
  void aServerWithoutABoardModelIsNamedByItsCore() {
    List<String> cpuinfo = new ArrayList<>();
    for (int i = 0; i < 2; i++) cpuinfo.addAll(armCore(i, "0x41", "0xd0c"));
    assertThat(CpuModel.of(cpuinfo)).isEqualTo("Neoverse-N1");
  }

  @Test
  void aBigLittleChipNamesBothCoresAndAnUnknownCoreKeepsItsNumbers() {
    List<String> cpuinfo = new ArrayList<>();
    cpuinfo.addAll(armCore(0, "0x41", "0xd05"));
    cpuinfo.addAll(armCore(1, "0x41", "0xd0b"));
    cpuinfo.addAll(armCore(2, "0x61", "0x022"));
    cpuinfo.add("Hardware\t: Rockchip RK3588");
    assertThat(CpuModel.of(cpuinfo))
        .isEqualTo("Cortex-A55 + Cortex-A76 + CPU implementer 0x61 part 0x022 (Rockchip RK3588)");
  }

  @Test
  void anX86KernelsModelNameIsTakenAsItIs() {
    assertThat(
            CpuModel.of(
                List.of(
                    "processor\t: 0",
                    "vendor_id\t: AuthenticAMD",
                    "model name\t: AMD EPYC 9B14",
                    "flags\t\t: fpu vme")))
        .isEqualTo("AMD EPYC 9B14");
    assertThat(CpuModel.of(List.of("processor\t: 0", ""))).isNull();
  }
}
