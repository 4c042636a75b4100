package dev.sculptor.evaluator.cli;

import dev.sculptor.evaluator.evaluation.CpuModel;
import java.util.List;
import java.util.Set;

/**
 * Whether libtorch, as DJL ships it for linux-aarch64, can run on this CPU. Its bridge library
 * ({@code libdjl_torch.so}) and its Arm Compute Library are compiled with ARMv8.1's atomic
 * instructions (LSE: {@code ldaddal} in every tensor's reference count), which ARMv8.0 cores such
 * as the Raspberry Pi 4's Cortex-A72 do not have: the first tensor would stop the JVM with SIGILL.
 * Seen under {@code qemu-aarch64 -cpu cortex-a72} (bench/arm/check-under-qemu.sh); the kernel lists
 * the instructions as "atomics" in /proc/cpuinfo's Features. On x86-64 nothing is checked.
 */
final class LibtorchCpuCheck {
  private LibtorchCpuCheck() {}

  /** Why this machine cannot train with libtorch, or null when it can (or cannot tell). */
  static String problem() {
    return problem(System.getProperty("os.arch"), CpuModel.cpuinfo());
  }

  static String problem(String arch, List<String> cpuinfo) {
    if (!arch.equals("aarch64") && !arch.equals("arm64")) return null;
    Set<String> features = CpuModel.features(cpuinfo);
    if (features == null || features.contains("atomics")) return null;
    return "this CPU ("
        + CpuModel.of(cpuinfo)
        + ") lacks ARMv8.1's atomic instructions (no 'atomics' among /proc/cpuinfo's Features),"
        + " which DJL's aarch64 libtorch is built with: training would stop the JVM with SIGILL at"
        + " its first tensor. It cannot train candidates; it can time them (serve, time-only) and"
        + " calibrate its target's latency model (evaluator calibrate), which need only ONNX"
        + " Runtime (docs/attach-a-device.md)";
  }
}
