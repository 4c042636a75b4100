import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.PrecisionMix;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.export.ActivationCalibrator;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.export.CalibrationMethod;
import dev.sculptor.evaluator.export.NetworkWeights;
import dev.sculptor.evaluator.export.OnnxExporter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-layer mixed precision in ONNX Runtime: for BenchNetworks' three networks, exports fp32 and an
 * int8 plan under each PrecisionMix rule (UNIFORM: the int8 default; ALL_INT8; DEPTHWISE_FP16)
 * through the product's exporter, then times each file with the product's latency protocol
 * (OnnxRuntimeMeter, 1 thread: 300 warm-ups, RUNS timed runs, median), ROUNDS times with the
 * variants interleaved; prints file sizes and the kernels ONNX Runtime chose. Untrained (seeded
 * DJL initial) weights: latency and size do not depend on training.
 * Run: bench/evaluator/run.sh bench/evaluator/MixedPrecisionVariants.java [RUNS] [ROUNDS]
 */
public class MixedPrecisionVariants {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int warmup = 300;
    var train = Datasets.load(DatasetRef.builtIn("mnist-10k")).train();
    for (BenchNetworks.Net net : BenchNetworks.three()) {
      NetworkSpec spec = net.spec();
      Map<String, byte[]> models = new LinkedHashMap<>();
      try (CandidateModel djl = CandidateModel.create(spec, 1e-3)) {
        NetworkWeights weights = NetworkWeights.of(djl);
        ActivationRanges ranges = ActivationCalibrator.calibrate(spec, weights, train, 256, CalibrationMethod.minMax());
        models.put("fp32", OnnxExporter.builder().build().export(spec, weights).bytes());
        for (PrecisionMix mix : PrecisionMix.values())
          models.put("int8 " + mix, OnnxExporter.builder().setPrecision(Precision.INT8).optActivationRanges(ranges)
              .optLayerPrecisions(mix.layers(spec, Precision.INT8)).build().export(spec, weights).bytes());
      }
      System.out.printf(Locale.ROOT, "%n== %s (%.2f MMACs)%n", net.name(), net.mmacs());
      Map<String, List<Double>> medians = new LinkedHashMap<>();
      for (int r = 0; r < rounds; r++) {
        for (var e : models.entrySet()) {
          Precision p = e.getKey().startsWith("int8") ? Precision.INT8 : Precision.FP32;
          try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(e.getValue(), spec.input(), p, 1)) {
            if (r == 0) System.out.printf(Locale.ROOT, "%s, %s: %d bytes, kernels %s%n", net.name(), e.getKey(), e.getValue().length, ort.provenance().kernels());
            medians.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(OnnxRuntimeMeter.measure(ort, warmup, runs).timing().medianMs());
          }
        }
      }
      double fp32 = median(medians.get("fp32"));
      medians.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s, %s, %d bytes, medians ms %s, median of rounds %.3f, fp32/this %.2f%n", net.name(), k,
          models.get(k).length, v.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList(), median(v), fp32 / median(v)));
    }
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }
}
