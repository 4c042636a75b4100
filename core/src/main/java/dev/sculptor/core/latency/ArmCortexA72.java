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

  /**
   * ncnn's benchmark table as it stood from 2022-01-17 to 2023-06-15, when the Raspberry Pi 4
   * section was replaced by one of a board clocked at 1.8 GHz; the graphs it ran are the {@code
   * benchmark/*.param} files of the same commit, committed under {@code latency/ncnn/}.
   */
  static final String NCNN =
      "https://github.com/Tencent/ncnn/blob/d9e45ec703100e06de6136d8035e78222bf74de7/benchmark/README.md"
          + " (section \"Raspberry Pi 4 Model B Broadcom BCM2711B0, Cortex-A72 (ARMv8) (1.5GHz x"
          + " 4)\", benchncnn 8 4 0, avg of 8 runs)";

  /**
   * Published Raspberry Pi 4 latencies at 4 threads (ncnn's benchmark table, 1.5 GHz board): every
   * classification backbone of the table but the two with grouped convolutions (ShuffleNet v1,
   * RegNetY-400MF: ncnn runs a grouped convolution as a loop of per-group convolutions, which a
   * per-kernel overhead does not describe, and Sculptor's space has none) and the detectors.
   */
  public static final List<PublishedLatency> ANCHORS =
      List.of(
          ncnn("SqueezeNet 1.1", "squeezenet", Precision.FP32, 58.93, 227),
          ncnn("MobileNetV1", "mobilenet", Precision.FP32, 72.08, 224),
          ncnn("MobileNetV2", "mobilenet_v2", Precision.FP32, 72.62, 224),
          ncnn("MobileNetV3", "mobilenet_v3", Precision.FP32, 56.34, 224),
          ncnn("ShuffleNetV2", "shufflenet_v2", Precision.FP32, 29.78, 224),
          ncnn("MnasNet", "mnasnet", Precision.FP32, 61.82, 224),
          ncnn("ProxylessNAS", "proxylessnasnet", Precision.FP32, 63.45, 224),
          ncnn("EfficientNet-B0", "efficientnet_b0", Precision.FP32, 94.39, 224),
          ncnn("EfficientNetV2-B0", "efficientnetv2_b0", Precision.FP32, 104.85, 224),
          ncnn("BlazeFace", "blazeface", Precision.FP32, 13.82, 128),
          ncnn("GoogLeNet", "googlenet", Precision.FP32, 143.09, 224),
          ncnn("ResNet-18", "resnet18", Precision.FP32, 176.18, 224),
          ncnn("AlexNet", "alexnet", Precision.FP32, 143.52, 227),
          ncnn("VGG-16", "vgg16", Precision.FP32, 873.71, 224),
          ncnn("ResNet-50", "resnet50", Precision.FP32, 335.34, 224),
          ncnn("SqueezeNet 1.1", "squeezenet", Precision.INT8, 49.33, 227),
          ncnn("MobileNetV1", "mobilenet", Precision.INT8, 40.30, 224),
          ncnn("GoogLeNet", "googlenet", Precision.INT8, 118.78, 224),
          ncnn("ResNet-18", "resnet18", Precision.INT8, 97.99, 224),
          ncnn("VGG-16", "vgg16", Precision.INT8, 456.76, 224),
          ncnn("ResNet-50", "resnet50", Precision.INT8, 236.38, 224));

  // Fitted by AnalyticalLatencyModel.fit / int8Factor on ANCHORS (re-checked by ArmCortexA72Test).
  static final double GEMM_EFFICIENCY = 0.31;
  static final double GEMM_HALF_DEPTH = 128;
  static final double DEPTHWISE_EFFICIENCY = 0.10;
  static final double KERNEL_OVERHEAD_MS = 0.04;
  static final double INT8_FACTOR = 0.652;
  // Leave-one-out error over ANCHORS (AnalyticalLatencyModel.leaveOneOut; re-checked by
  // ArmCortexA72Test).
  static final LatencyModel.HeldOutError LEAVE_ONE_OUT =
      new LatencyModel.HeldOutError(ANCHORS.size(), 6.60, 13 / 21.0, 110.71);

  public static final AnalyticalLatencyModel MODEL =
      hardware()
          .with(
              new AnalyticalLatencyModel.Fit(
                  GEMM_EFFICIENCY, GEMM_HALF_DEPTH, DEPTHWISE_EFFICIENCY, KERNEL_OVERHEAD_MS),
              INT8_FACTOR);

  private ArmCortexA72() {}

  private static PublishedLatency ncnn(
      String network, String graph, Precision precision, double ms, int input) {
    return new PublishedLatency(
        network,
        graph,
        precision,
        4,
        ms,
        "ncnn (benchncnn), " + input + "×" + input + " input",
        NCNN);
  }

  /**
   * The device without its fitted part (efficiencies 1, no overhead): what {@link
   * AnalyticalLatencyModel#fit} starts from.
   */
  public static AnalyticalLatencyModel hardware() {
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
            + " GB/s, plus a per-kernel overhead), efficiencies and overhead fitted to "
            + ANCHORS.stream().filter(a -> a.precision() == Precision.FP32).count()
            + " published fp32 Raspberry Pi 4 latencies (ncnn, 4 threads), int8 as fp32 with all"
            + " but the per-kernel overhead scaled by the published int8/fp32 ratios' geometric"
            + " mean",
        LEAVE_ONE_OUT);
  }
}
