import dev.sculptor.core.latency.AnalyticalLatencyModel;
import dev.sculptor.core.latency.ArmCortexA72;
import dev.sculptor.core.latency.FittedLatencyModel;
import dev.sculptor.core.latency.LatencyPredictor;
import dev.sculptor.core.latency.LatencyTables;
import dev.sculptor.core.latency.PublishedLatency;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.evaluator.calibration.Calibration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints the latency predictors' error per target, with the product's models (LatencyTables):
 * host-cpu on the held-out networks of a calibration's samples file (what `evaluator calibrate`
 * writes), arm-cortex-a72 against each published figure it is anchored to.
 *
 *   bench/evaluator/run.sh bench/latency/Report.java bench/latency/host-cpu-samples.jsonl [--model FILE] [--refit]
 *       [--layout-block N --title TEXT]
 *
 * --model reads the host-cpu model from FILE instead of the classpath (a fresh calibration's output);
 * --refit fits LatencyPredictor again on the samples' fit split (to try feature sets without timing
 * anything again) instead of using the committed model; --layout-block refits with that channel block
 * (1: plain layout, as on a GPU) and --title names the samples' hardware and runtime, for samples
 * timed elsewhere (bench/gpu/torch_cuda.py): then only they are reported.
 */
public class Report {
  public static void main(String[] args) throws Exception {
    Path samplesFile = Path.of(args.length > 0 ? args[0] : "bench/latency/host-cpu-samples.jsonl");
    boolean refit = List.of(args).contains("--refit");
    int blockAt = List.of(args).indexOf("--layout-block");
    int titleAt = List.of(args).indexOf("--title");
    List<Calibration.Sample> samples = new ArrayList<>();
    for (String line : Files.readAllLines(samplesFile)) if (!line.isBlank()) samples.add(Json.read(line, Calibration.Sample.class));
    int modelAt = List.of(args).indexOf("--model");
    FittedLatencyModel host = modelAt >= 0
        ? Json.read(Files.readString(Path.of(args[modelAt + 1])), FittedLatencyModel.class)
        : (FittedLatencyModel) LatencyTables.forTarget("host-cpu").orElseThrow();
    if (refit) {
      List<double[]> features = new ArrayList<>();
      List<Double> ms = new ArrayList<>();
      int block = blockAt >= 0 ? Integer.parseInt(args[blockAt + 1]) : host.layoutBlock();
      for (Calibration.Sample s : samples) {
        if (s.heldOut()) continue;
        features.add(LatencyPredictor.features(net(s), block));
        ms.add(s.ms());
      }
      host = new FittedLatencyModel("host-cpu", "refit", 1, block, java.time.Instant.now(),
          "refit on " + features.size() + " networks, channel block " + block, LatencyPredictor.FEATURES,
          LatencyPredictor.fit(features, ms), features.size(), null);
    }
    System.out.println(titleAt >= 0 ? args[titleAt + 1] : "host-cpu (measured: fitted on ONNX Runtime timings on this host)");
    System.out.println("  model: " + host.method());
    List<Double> errors = new ArrayList<>();
    List<Double> signed = new ArrayList<>();
    List<Double> spread = new ArrayList<>();
    for (Calibration.Sample s : samples) {
      if (!s.heldOut()) continue;
      double p = LatencyPredictor.predictMs(host, net(s));
      errors.add(100 * Math.abs(p - s.ms()) / s.ms());
      signed.add(100 * (p - s.ms()) / s.ms());
      double[] r = s.repeatsMs().clone();
      Arrays.sort(r);
      spread.add(100 * (r[r.length - 1] - r[0]) / s.ms());
    }
    System.out.printf(Locale.ROOT, "  held-out networks: %d%n", errors.size());
    System.out.printf(Locale.ROOT, "  |error| p50 %.1f%%  p75 %.1f%%  p90 %.1f%%  p95 %.1f%%  max %.1f%%%n", pct(errors, 0.5), pct(errors, 0.75),
        pct(errors, 0.9), pct(errors, 0.95), pct(errors, 1));
    System.out.printf(Locale.ROOT, "  within ±5%%: %.0f%%  ±10%%: %.0f%%  ±20%%: %.0f%%  (signed error median %+.1f%%)%n", share(errors, 5),
        share(errors, 10), share(errors, 20), pct(signed, 0.5));
    System.out.printf(Locale.ROOT, "  measurement noise: spread (max − min) of the repeats p50 %.1f%%, p90 %.1f%% of the latency%n",
        pct(spread, 0.5), pct(spread, 0.9));
    printBySize(samples, host);
    if (titleAt >= 0) return;

    AnalyticalLatencyModel arm = (AnalyticalLatencyModel) LatencyTables.forTarget("arm-cortex-a72").orElseThrow();
    System.out.println();
    System.out.println("arm-cortex-a72 (" + arm.provenance() + ")");
    List<Double> armErrors = arm.anchorErrorsPercent();
    // the same fit as ArmCortexA72Test checks: every anchor predicted by the model fitted without its network
    List<Double> heldOutMs = AnalyticalLatencyModel.leaveOneOutMs(ArmCortexA72.hardware(), arm.anchors());
    for (int i = 0; i < arm.anchors().size(); i++) {
      PublishedLatency a = arm.anchors().get(i);
      double macs = dev.sculptor.core.latency.Kernel.multiplyAccumulates(a.kernels()) / 1e6;
      System.out.printf(Locale.ROOT, "  %-18s %-5s %7.0f M MACs %4d kernels  published %8.2f ms  model %8.1f ms (%+6.1f%%)  left out %8.1f ms (%+6.1f%%)  (%s)%n",
          a.network(), a.precision(), macs, a.kernels().size(), a.ms(), arm.predictMs(a.kernels(), a.precision(), a.threads()), armErrors.get(i),
          heldOutMs.get(i), 100 * (heldOutMs.get(i) - a.ms()) / a.ms(), a.runtime());
    }
    var loo = arm.heldOut();
    System.out.printf(Locale.ROOT, "  leave-one-out: median %.1f%%, worst %.1f%%, %.0f%% within ±10%%%n", loo.medianAbsPercent(), loo.maxAbsPercent(),
        100 * loo.shareWithin10Percent());
    List<Double> predicted = new ArrayList<>();
    List<Double> macs = new ArrayList<>();
    for (Calibration.Sample s : samples) {
      predicted.add(arm.predictMs(net(s), dev.sculptor.core.space.Precision.FP32));
      macs.add(net(s).macs() / 1e6);
    }
    System.out.printf(Locale.ROOT, "  the %d sample networks (%.2f–%.1f M MACs, median %.1f M) predicted at %.2f–%.2f ms, median %.2f ms (fp32, 4 threads)%n",
        samples.size(), pct(macs, 0), pct(macs, 1), pct(macs, 0.5), pct(predicted, 0), pct(predicted, 1), pct(predicted, 0.5));
    System.out.println();
    System.out.println("nvidia-gpu: no model (latency stays the one measured, labelled with the hardware it ran on)");
  }

  static void printBySize(List<Calibration.Sample> samples, FittedLatencyModel host) {
    double[][] bands = {{0, 0.1}, {0.1, 0.3}, {0.3, 1}, {1, 1e9}};
    for (double[] b : bands) {
      List<Double> e = new ArrayList<>();
      for (Calibration.Sample s : samples) {
        if (!s.heldOut() || s.ms() < b[0] || s.ms() >= b[1]) continue;
        e.add(100 * Math.abs(LatencyPredictor.predictMs(host, net(s)) - s.ms()) / s.ms());
      }
      if (!e.isEmpty()) {
        System.out.printf(Locale.ROOT, "  measured %.1f–%s ms: %3d networks, |error| p50 %.1f%%, within ±10%%: %.0f%%%n", b[0],
            b[1] > 1e8 ? "∞" : String.valueOf(b[1]), e.size(), pct(e, 0.5), share(e, 10));
      }
    }
  }

  static NetworkSpec net(Calibration.Sample s) {
    return NetworkDecoder.decodePruned(s.candidate(), InputShape.MNIST, 10);
  }

  static double pct(List<Double> values, double q) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[(int) Math.min(v.length - 1, Math.floor(q * v.length))];
  }

  static double share(List<Double> values, double bound) {
    return 100.0 * values.stream().filter(x -> x <= bound).count() / Math.max(1, values.size());
  }
}
