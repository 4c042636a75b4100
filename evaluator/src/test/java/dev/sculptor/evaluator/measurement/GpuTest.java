package dev.sculptor.evaluator.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GpuTest {
  @Test
  void theFirstGpuNvidiaSmiListsIsTheOneTimedOn() {
    String csv =
        """
        NVIDIA H200, 570.86.15, 143771 MiB
        NVIDIA H200, 570.86.15, 143771 MiB
        """;
    assertThat(Gpu.parse(csv))
        .contains(new Gpu("NVIDIA H200", "570.86.15", "143771 MiB"))
        .get()
        .extracting(Gpu::label)
        .isEqualTo("NVIDIA H200, driver 570.86.15, 143771 MiB");
  }

  @Test
  void noGpuWhenNvidiaSmiSaysSomethingElse() {
    assertThat(
            Gpu.parse(
                "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."))
        .isEmpty();
    assertThat(Gpu.parse("")).isEmpty();
  }
}
