package dev.sculptor.core.latency;

import dev.sculptor.core.space.Precision;
import java.util.List;

/**
 * The {@code arm-cortex-a72} target's model: a Raspberry Pi 4 Model B (Broadcom BCM2711, 4 ×
 * Cortex-A72 at 1.5 GHz) at 4 threads. Hardware numbers are the device's published ones; the two
 * efficiencies and the per-kernel overhead are fitted to the fp32 anchors, the int8 factor to the
 * int8/fp32 pairs ({@code ArmCortexA72Test} re-fits them and checks these constants). See
 * docs/latency-models.md.
 */
public final class ArmCortexA72 {
  public static final String TARGET = "arm-cortex-a72";

  /**
   * 1.5 GHz × 8 fp32 multiply-accumulates per cycle: two 128-bit NEON FMA pipes of 4 lanes each.
   */
  static final double PEAK_MACS_PER_CORE = 1.5e9 * 8;

  /**
   * STREAM "Scale" best rate on a Raspberry Pi 4, 5,561.9 MB/s
   * (https://www.sci-pi.org.uk/bench/stream.html).
   */
  static final double DRAM_BYTES_PER_SECOND = 5561.9e6;

  static final String NCNN =
      "https://github.com/Tencent/ncnn/blob/master/benchmark/README.md (section \"Raspberry Pi 4"
          + " Model B Broadcom BCM2711B0, Cortex-A72 (ARMv8) (1.5GHz x 4)\", benchncnn 8 4 0, avg"
          + " of 8 runs)";
  static final String NCNN_RUNTIME = "ncnn (benchncnn), 224×224 input";

  /** Published Raspberry Pi 4 latencies at 4 threads (ncnn's benchmark table, 1.5 GHz board). */
  public static final List<PublishedLatency> ANCHORS =
      List.of(
          new PublishedLatency("MobileNetV1", Precision.FP32, 4, 72.08, NCNN_RUNTIME, NCNN),
          new PublishedLatency("MobileNetV2", Precision.FP32, 4, 72.62, NCNN_RUNTIME, NCNN),
          new PublishedLatency("ResNet-18", Precision.FP32, 4, 176.18, NCNN_RUNTIME, NCNN),
          new PublishedLatency("ResNet-50", Precision.FP32, 4, 335.34, NCNN_RUNTIME, NCNN),
          new PublishedLatency("MobileNetV1", Precision.INT8, 4, 40.30, NCNN_RUNTIME, NCNN),
          new PublishedLatency("ResNet-18", Precision.INT8, 4, 97.99, NCNN_RUNTIME, NCNN),
          new PublishedLatency("ResNet-50", Precision.INT8, 4, 236.38, NCNN_RUNTIME, NCNN));

  // Fitted by AnalyticalLatencyModel.fit / int8Factor on ANCHORS (re-checked by ArmCortexA72Test).
  static final double GEMM_EFFICIENCY = 0.26;
  static final double GEMM_HALF_DEPTH = 32;
  static final double DEPTHWISE_EFFICIENCY = 0.02;
  static final double KERNEL_OVERHEAD_MS = 0.2;
  static final double INT8_FACTOR = 0.603;
  // Leave-one-out error over ANCHORS (AnalyticalLatencyModel.leaveOneOut; re-checked by
  // ArmCortexA72Test).
  static final LatencyModel.HeldOutError LEAVE_ONE_OUT =
      new LatencyModel.HeldOutError(ANCHORS.size(), 20.4, 1 / 7.0, 34.9);

  public static final AnalyticalLatencyModel MODEL =
      hardware()
          .with(
              new AnalyticalLatencyModel.Fit(
                  GEMM_EFFICIENCY, GEMM_HALF_DEPTH, DEPTHWISE_EFFICIENCY, KERNEL_OVERHEAD_MS),
              INT8_FACTOR);

  private ArmCortexA72() {}

  /**
   * The device without its fitted part (efficiencies 1, no overhead): what {@link
   * AnalyticalLatencyModel#fit} starts from.
   */
  static AnalyticalLatencyModel hardware() {
    return new AnalyticalLatencyModel(
        TARGET,
        "Raspberry Pi 4 Model B (BCM2711, 4 × Cortex-A72 @ 1.5 GHz)",
        4,
        4,
        PEAK_MACS_PER_CORE,
        DRAM_BYTES_PER_SECOND,
        1,
        0,
        1,
        0,
        1,
        ANCHORS,
        "roofline per kernel (max of compute at 4 cores × 12 GMAC/s × efficiency and memory at 5.56"
            + " GB/s, plus a per-kernel overhead), efficiencies and overhead fitted to 4 published"
            + " fp32 Raspberry Pi 4 latencies (ncnn, 4 threads), int8 as fp32 × the published"
            + " int8/fp32 ratio",
        LEAVE_ONE_OUT);
  }
}
