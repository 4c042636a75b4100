package dev.sculptor.core.latency;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A latency model of a device nobody here has: a roofline per kernel, anchored to latencies
 * published for standard networks on that device, never calibrated on it.
 *
 * <p>Each kernel ({@link Kernel}, conv + batch norm + activation counted as one) takes {@code
 * max(compute, memory) + overhead}: compute is its MACs over the cores' peak multiply-accumulate
 * rate times an efficiency for its kind (dense and 1×1 convolutions run as GEMMs, depthwise
 * convolutions cannot keep the vector units busy); memory is the bytes it reads and writes over the
 * DRAM bandwidth; the overhead is a fixed cost per kernel launch (thread wake-up and
 * synchronisation, packing). The maximum, not the sum: optimised kernels prefetch while they
 * compute, so the slower of the two bounds the kernel (the roofline model); a sum would charge
 * every compute-bound layer for traffic that overlaps its arithmetic. A GEMM's efficiency grows
 * with its reduction depth {@code d} (input channels × kernel area) as {@code e · d / (d + d½)}:
 * short dot products spend their time packing and storing, not multiplying (MobileNetV2's
 * 16–96-channel 1×1 convs run far below ResNet's 576–4608-deep 3×3 convs). int8 is the fp32
 * prediction less its per-kernel overheads times one factor taken from published int8/fp32 pairs,
 * plus the overheads again (int8 shortens arithmetic and traffic, not launches); fp16 is stored as
 * fp16 but computed in fp32 (as ONNX Runtime does on CPUs) and is predicted as fp32.
 */
public record AnalyticalLatencyModel(
    String hardwareTarget,
    String device,
    int threads,
    int cores,
    double peakMacsPerCorePerSecond,
    double bytesPerSecond,
    double gemmEfficiency,
    double gemmHalfDepth,
    double depthwiseEfficiency,
    double kernelOverheadMs,
    double int8Factor,
    List<PublishedLatency> anchors,
    String method,
    HeldOutError heldOut)
    implements LatencyModel {

  public static final String PROVENANCE =
      "PREDICTED — analytical model anchored to published figures, not calibrated on a device";

  public AnalyticalLatencyModel {
    anchors = List.copyOf(anchors);
  }

  @Override
  public double predictMs(NetworkSpec network, Precision precision) {
    return predictMs(Kernel.of(network), precision, threads);
  }

  /**
   * Batch-1 latency of {@code kernels} at {@code precision} with {@code threads} threads (at most
   * {@link #cores}).
   */
  public double predictMs(List<Kernel> kernels, Precision precision, int threads) {
    double fp32 = 0;
    for (Kernel k : kernels) fp32 += kernelMs(k, threads);
    if (precision != Precision.INT8) return fp32;
    // int8 shortens the arithmetic and the traffic, not the launch of a kernel
    double overhead = kernels.size() * kernelOverheadMs;
    return int8Factor * (fp32 - overhead) + overhead;
  }

  /**
   * One kernel's fp32 time: the roofline's max of compute and memory time, plus the launch
   * overhead.
   */
  public double kernelMs(Kernel k, int threads) {
    int used = Math.clamp(threads, 1, cores);
    double efficiency =
        switch (k.kind()) {
          case CONV, POINTWISE, DENSE ->
              gemmEfficiency * gemmDepth(k) / (gemmDepth(k) + gemmHalfDepth);
          case DEPTHWISE -> depthwiseEfficiency;
          case ADD, POOL, ACTIVATION, REORDER ->
              Double.POSITIVE_INFINITY; // a handful of operations per byte: bound by memory
        };
    double computeMs = 1e3 * k.macs() / (used * peakMacsPerCorePerSecond * efficiency);
    double memoryMs = 1e3 * k.bytes(4) / bytesPerSecond;
    return Math.max(computeMs, memoryMs) + kernelOverheadMs;
  }

  /**
   * The GEMM's reduction depth: input channels × kernel area (the dot-product length per output).
   */
  private static double gemmDepth(Kernel k) {
    return (double) k.in() * k.size() * k.size();
  }

  /**
   * Signed relative error of this model against each anchor, in percent: (predicted − published) /
   * published.
   */
  public List<Double> anchorErrorsPercent() {
    return anchors.stream()
        .map(a -> 100 * (predictMs(a.kernels(), a.precision(), a.threads()) - a.ms()) / a.ms())
        .toList();
  }

  @Override
  public String provenance() {
    return PROVENANCE;
  }

  @Override
  public String errorSummary() {
    List<Double> errors = anchorErrorsPercent().stream().map(Math::abs).sorted().toList();
    StringBuilder s =
        new StringBuilder(PROVENANCE)
            .append(
                String.format(
                    Locale.ROOT,
                    " (%d published figures: in-sample median error %.0f%%, worst %.0f%%",
                    errors.size(),
                    errors.get(errors.size() / 2),
                    errors.getLast()));
    if (heldOut != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "; leave-one-out median error %.0f%%, worst %.0f%%",
              heldOut.medianAbsPercent(),
              heldOut.maxAbsPercent()));
    }
    return s.append(')').toString();
  }

  /**
   * A note when the network has fewer multiply-accumulates than every anchor: its prediction then
   * extrapolates the anchors' per-kernel overhead and efficiencies below any network they were
   * fitted on (Sculptor's networks usually are smaller).
   */
  @Override
  public String coverage(NetworkSpec network) {
    return coverage(Kernel.of(network));
  }

  String coverage(List<Kernel> kernels) {
    PublishedLatency smallest = null;
    long smallestMacs = Long.MAX_VALUE;
    for (PublishedLatency a : anchors) {
      long macs = Kernel.multiplyAccumulates(a.kernels());
      if (macs < smallestMacs) {
        smallest = a;
        smallestMacs = macs;
      }
    }
    long macs = Kernel.multiplyAccumulates(kernels);
    if (smallest == null || macs >= smallestMacs) return "";
    return String.format(
        Locale.ROOT,
        "this network (%.2f M MACs) is smaller than every anchor (the smallest: %s, %.0f M MACs),"
            + " so its prediction extrapolates",
        macs / 1e6,
        smallest.network(),
        smallestMacs / 1e6);
  }

  /** The fitted part of the model: the efficiencies and the per-kernel overhead. */
  public record Fit(
      double gemmEfficiency,
      double gemmHalfDepth,
      double depthwiseEfficiency,
      double kernelOverheadMs) {}

  /**
   * Fits the efficiencies and overhead to the fp32 anchors at this model's thread count by grid
   * search on the squared log ratio (relative error, symmetric in over- and under-prediction). A
   * kernel's roofline depends on the GEMM efficiency and half depth or on the depthwise efficiency,
   * never both, and the overhead adds outside every max: so each anchor's time is a sum of a GEMM
   * part, a depthwise part, a memory-bound part and kernels × overhead, and the parts are computed
   * once per grid value instead of once per grid point.
   */
  public static Fit fit(AnalyticalLatencyModel hardware, List<PublishedLatency> anchors) {
    List<PublishedLatency> fp32 =
        anchors.stream().filter(a -> a.precision() != Precision.INT8).toList();
    int n = fp32.size();
    int[] gemmGrid = IntStream.rangeClosed(5, 80).toArray(); // efficiency in hundredths
    int[] halfDepthGrid = IntStream.rangeClosed(0, 16).map(h -> 16 * h).toArray();
    int[] depthwiseGrid = IntStream.rangeClosed(1, 40).toArray(); // efficiency in hundredths
    double[][][] gemm = new double[gemmGrid.length][halfDepthGrid.length][n];
    double[][] depthwise = new double[depthwiseGrid.length][n];
    double[] memory = new double[n];
    for (int i = 0; i < n; i++) {
      int threads = fp32.get(i).threads();
      for (Kernel k : fp32.get(i).kernels()) {
        switch (k.kind()) {
          case CONV, POINTWISE, DENSE -> {
            for (int g = 0; g < gemmGrid.length; g++)
              for (int h = 0; h < halfDepthGrid.length; h++)
                gemm[g][h][i] +=
                    hardware
                        .with(new Fit(gemmGrid[g] / 100.0, halfDepthGrid[h], 1, 0), 1)
                        .kernelMs(k, threads);
          }
          case DEPTHWISE -> {
            for (int d = 0; d < depthwiseGrid.length; d++)
              depthwise[d][i] +=
                  hardware.with(new Fit(1, 0, depthwiseGrid[d] / 100.0, 0), 1).kernelMs(k, threads);
          }
          case ADD, POOL, ACTIVATION, REORDER -> memory[i] += hardware.kernelMs(k, threads);
        }
      }
    }
    Fit best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int g = 0; g < gemmGrid.length; g++) {
      for (int d = 0; d < depthwiseGrid.length; d++) {
        for (int h = 0; h < halfDepthGrid.length; h++) {
          for (int o = 0; o <= 20; o++) {
            double loss = 0;
            for (int i = 0; i < n; i++) {
              double ms =
                  gemm[g][h][i]
                      + depthwise[d][i]
                      + memory[i]
                      + fp32.get(i).kernels().size() * o * 0.01;
              double r = Math.log(ms / fp32.get(i).ms());
              loss += r * r;
            }
            if (loss < bestLoss) {
              bestLoss = loss;
              best =
                  new Fit(
                      gemmGrid[g] / 100.0, halfDepthGrid[h], depthwiseGrid[d] / 100.0, o * 0.01);
            }
          }
        }
      }
    }
    return best;
  }

  /**
   * Geometric mean over the published int8/fp32 pairs (same network and thread count) of the ratio
   * of their times less the per-kernel overhead ({@code kernelOverheadMs} per kernel), which int8
   * does not shorten.
   */
  public static double int8Factor(List<PublishedLatency> anchors, double kernelOverheadMs) {
    double logSum = 0;
    int n = 0;
    for (PublishedLatency q : anchors) {
      if (q.precision() != Precision.INT8) continue;
      for (PublishedLatency f : anchors) {
        if (f.precision() == Precision.FP32
            && f.network().equals(q.network())
            && f.threads() == q.threads()) {
          double overhead = f.kernels().size() * kernelOverheadMs;
          logSum += Math.log((q.ms() - overhead) / (f.ms() - overhead));
          n++;
        }
      }
    }
    return n == 0 ? 1 : Math.exp(logSum / n);
  }

  /**
   * Leave-one-out error over the anchors: each is predicted by a model fitted without its network
   * ({@link #leaveOneOutMs}).
   */
  public static HeldOutError leaveOneOut(
      AnalyticalLatencyModel hardware, List<PublishedLatency> anchors) {
    return LatencyPredictor.error(
        leaveOneOutMs(hardware, anchors), anchors.stream().map(PublishedLatency::ms).toList());
  }

  /**
   * Each anchor's latency as predicted by a model fitted on the other networks' anchors (fp32 and
   * int8 of the same network left out together; int8 by the fp32 model times the int8 factor of the
   * other pairs).
   */
  public static List<Double> leaveOneOutMs(
      AnalyticalLatencyModel hardware, List<PublishedLatency> anchors) {
    List<Double> predicted = new ArrayList<>();
    for (PublishedLatency out : anchors) {
      List<PublishedLatency> rest =
          anchors.stream().filter(a -> !a.network().equals(out.network())).toList();
      Fit fit = fit(hardware, rest);
      AnalyticalLatencyModel m = hardware.with(fit, int8Factor(rest, fit.kernelOverheadMs()));
      predicted.add(m.predictMs(out.kernels(), out.precision(), out.threads()));
    }
    return predicted;
  }

  AnalyticalLatencyModel with(Fit f, double int8) {
    return new AnalyticalLatencyModel(
        hardwareTarget,
        device,
        threads,
        cores,
        peakMacsPerCorePerSecond,
        bytesPerSecond,
        f.gemmEfficiency(),
        f.gemmHalfDepth(),
        f.depthwiseEfficiency(),
        f.kernelOverheadMs(),
        int8,
        anchors,
        method,
        heldOut);
  }
}
