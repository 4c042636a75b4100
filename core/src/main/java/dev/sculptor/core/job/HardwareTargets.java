package dev.sculptor.core.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue of hardware targets a job may name. */
public final class HardwareTargets {
  private static final Map<String, HardwareTarget> ALL = new LinkedHashMap<>();

  static {
    add(new HardwareTarget("host-cpu", "Host CPU", "x86-64 server CPU, 1 intra-op thread", 1));
    add(
        new HardwareTarget(
            "arm-cortex-a72", "ARM Cortex-A72", "Raspberry Pi 4 class, 4 threads", 4));
    add(
        new HardwareTarget(
            "nvidia-gpu",
            "NVIDIA GPU",
            "CUDA GPU, batch-1 inference",
            1,
            "its evaluator (built with -Pgpu: ONNX Runtime's CUDA execution provider, CUDA 12, on a"
                + " machine with an NVIDIA GPU) has not yet been run on a GPU, so none is known to"
                + " attach (docs/attach-a-device.md)"));
  }

  private HardwareTargets() {}

  private static void add(HardwareTarget t) {
    ALL.put(t.id(), t);
  }

  public static List<HardwareTarget> all() {
    return List.copyOf(ALL.values());
  }

  public static Optional<HardwareTarget> byId(String id) {
    return Optional.ofNullable(id == null ? null : ALL.get(id));
  }
}
