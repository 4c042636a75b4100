package dev.sculptor.evaluator.calibration;

import dev.sculptor.core.latency.FittedLatencyModel;
import dev.sculptor.core.latency.LatencyModel;
import dev.sculptor.core.latency.LatencyPredictor;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.export.OnnxExporter;
import dev.sculptor.evaluator.export.RandomWeights;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Builds a target's latency model on the device itself, with the product's measurement: random
 * networks of the search space (deployed: pruned by their uniform pruning gene) are exported to
 * ONNX at fp32 and timed in ONNX Runtime by {@link OnnxRuntimeMeter} at batch 1 with the product's
 * protocol ({@link MeasurementProtocol#defaults}), {@code repeats} times in separate passes over
 * all networks (so a burst of load on a shared machine hits different networks in different
 * passes), and the lowest of the repeats' medians is the network's latency: other work on the
 * machine only ever adds time, so the quietest pass is the closest to the network's own cost.
 * {@link LatencyPredictor} is fitted on the first {@code fitShare} of them and its error measured
 * on the rest. Untrained weights time the same as trained ones.
 */
public final class Calibration {
  /**
   * One timed network: the candidate (its network is {@code decodePruned(candidate, MNIST, 10)}),
   * each repeat's median, the lowest.
   */
  public record Sample(CandidateSpec candidate, double[] repeatsMs, double ms, boolean heldOut) {}

  /** A random network of the search space, as deployed, and its ONNX fp32 export. */
  public record Drawn(CandidateSpec candidate, NetworkSpec network, byte[] onnx) {}

  /**
   * {@code networks} random {@code mobile-cnn} candidates, decoded and pruned by their uniform
   * pruning gene as deployed (for MNIST's shape and 10 classes) and exported to ONNX fp32 with
   * seeded random weights. No training engine is touched, so a device whose CPU cannot run libtorch
   * (a Raspberry Pi 4) can still calibrate.
   */
  public static List<Drawn> draw(SplittableRandom random, int networks) {
    List<Drawn> drawn = new ArrayList<>();
    OnnxExporter exporter = OnnxExporter.builder().setPrecision(Precision.FP32).build();
    for (int i = 0; i < networks; i++) {
      CandidateSpec candidate = MobileCnnSpace.decode(MobileCnnSpace.random(random), null);
      NetworkSpec net = NetworkDecoder.decodePruned(candidate, InputShape.MNIST, 10);
      // weights seeded apart from random, so a seed draws the networks it always drew
      byte[] onnx = exporter.export(net, RandomWeights.of(net, i)).bytes();
      drawn.add(new Drawn(candidate, net, onnx));
    }
    return List.copyOf(drawn);
  }

  /** The model and the samples it was fitted and checked on. */
  public record Result(FittedLatencyModel model, List<Sample> samples) {}

  private Calibration() {}

  public static Result run(
      String target,
      String host,
      int threads,
      int networks,
      int repeats,
      double fitShare,
      long seed,
      Consumer<String> say) {
    SplittableRandom random = new SplittableRandom(seed);
    MeasurementProtocol protocol = MeasurementProtocol.defaults(threads);
    String loadBefore = loadAverage();
    List<Drawn> drawn = draw(random, networks);
    List<CandidateSpec> candidates = drawn.stream().map(Drawn::candidate).toList();
    List<NetworkSpec> nets = drawn.stream().map(Drawn::network).toList();
    List<byte[]> onnx = drawn.stream().map(Drawn::onnx).toList();
    double[][] ms = new double[networks][repeats];
    String version = "?";
    int block = 0;
    for (int r = 0; r < repeats; r++) {
      for (int i = 0; i < networks; i++) {
        try (OnnxRuntimeModel ort =
            OnnxRuntimeModel.load(onnx.get(i), nets.get(i).input(), Precision.FP32, threads)) {
          OnnxRuntimeMeter.Measurement m =
              OnnxRuntimeMeter.measure(ort, protocol.warmupRuns(), protocol.timedRuns());
          ms[i][r] = m.timing().medianMs();
          version = m.provenance().version();
          block = OnnxRuntimeModel.commonLayoutBlock(block, ort.layoutBlock());
        }
      }
      say.accept(
          String.format(
              Locale.ROOT,
              "pass %d/%d: %d networks timed (load average %s)",
              r + 1,
              repeats,
              networks,
              loadAverage()));
    }
    int layoutBlock = Math.max(1, block);
    int fit = (int) Math.round(networks * fitShare);
    List<Sample> samples = new ArrayList<>();
    List<double[]> features = new ArrayList<>();
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < networks; i++) {
      double quietest = Arrays.stream(ms[i]).min().orElseThrow();
      samples.add(new Sample(candidates.get(i), ms[i], quietest, i >= fit));
      if (i < fit) {
        features.add(LatencyPredictor.features(nets.get(i), layoutBlock));
        millis.add(quietest);
      }
    }
    double[] coefficients = LatencyPredictor.fit(features, millis);
    FittedLatencyModel draft =
        new FittedLatencyModel(
            target,
            host,
            threads,
            layoutBlock,
            Instant.now(),
            "",
            LatencyPredictor.FEATURES,
            coefficients,
            fit,
            null);
    LatencyModel.HeldOutError error = heldOutError(draft, samples);
    String method =
        String.format(
            Locale.ROOT,
            "least squares (relative error) over %d random mobile-cnn networks exported to ONNX"
                + " fp32 and timed in ONNX Runtime %s (batch 1, %d thread(s), %d warm-up + %d timed"
                + " runs, median; the lowest of %d repeats in separate passes); features per kernel"
                + " kind and layout as ONNX Runtime runs them (channel block %d): count, MACs,"
                + " bytes; error measured on %d more; load average before %s, after %s",
            fit,
            version,
            threads,
            protocol.warmupRuns(),
            protocol.timedRuns(),
            repeats,
            layoutBlock,
            networks - fit,
            loadBefore,
            loadAverage());
    FittedLatencyModel model =
        new FittedLatencyModel(
            target,
            host,
            threads,
            layoutBlock,
            Instant.now(),
            method,
            LatencyPredictor.FEATURES,
            coefficients,
            fit,
            error);
    return new Result(model, samples);
  }

  /** The error of {@code model} on the held-out samples. */
  public static LatencyModel.HeldOutError heldOutError(
      FittedLatencyModel model, List<Sample> samples) {
    List<Double> predicted = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    for (Sample s : samples) {
      if (!s.heldOut()) continue;
      predicted.add(
          LatencyPredictor.predictMs(
              model, NetworkDecoder.decodePruned(s.candidate(), InputShape.MNIST, 10)));
      measured.add(s.ms());
    }
    return LatencyPredictor.error(predicted, measured);
  }

  /** The 1-, 5- and 15-minute load averages, or "unknown" where /proc is absent. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException | UncheckedIOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
