package dev.sculptor.evaluator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** native.env is the one place libtorch's environment is written; the tests must run in it. */
class NativeEnvironmentTest {

  @Test
  void theShippedFileNamesLibtorchsEnvironmentAndTheTestsRunInIt() {
    assertThat(NativeEnvironment.expected())
        .containsKeys(
            "ONEDNN_MAX_CPU_ISA", "MALLOC_MMAP_THRESHOLD_", "MALLOC_PERTURB_", "DJL_OFFLINE");
    assertThat(System.getenv()).containsAllEntriesOf(NativeEnvironment.expected());
  }
}
