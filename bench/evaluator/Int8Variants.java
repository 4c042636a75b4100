import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.export.ActivationCalibrator;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.export.CalibrationMethod;
import dev.sculptor.evaluator.export.Int8Layers;
import dev.sculptor.evaluator.export.NetworkWeights;
import dev.sculptor.evaluator.export.OnnxExporter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.training.CandidateModel;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which layers should an int8 export quantise? For BenchNetworks' three networks, exports fp32 and
 * int8 with several {@link Int8Layers} settings through the product's exporter, then
 * (1) per-kernel times from ONNX Runtime's profiler (SessionOptions.enableProfiling: the summed
 * kernel time per operator type and per node, µs per run, over PROFILE_RUNS runs after 300
 * warm-ups), and (2) the product's latency protocol (OnnxRuntimeMeter: 300 warm-ups, RUNS timed
 * runs, median), ROUNDS times with the variants interleaved to spread machine noise.
 * Run: bench/evaluator/run.sh bench/evaluator/Int8Variants.java [RUNS] [ROUNDS] [PROFILE_RUNS] [nodes]
 */
public class Int8Variants {
  static final Map<String, Int8Layers> VARIANTS = new LinkedHashMap<>();

  static {
    VARIANTS.put("all (convs+stem+classifier)", Int8Layers.all());
    VARIANTS.put("stem fp32", new Int8Layers(false, true, true, false));
    VARIANTS.put("classifier fp32", new Int8Layers(true, true, false, false));
    VARIANTS.put("stem+classifier fp32", new Int8Layers(false, true, false, false));
    VARIANTS.put("all + int8 residual/pool", new Int8Layers(true, true, true, true));
    VARIANTS.put("stem+classifier fp32, int8 residual/pool", new Int8Layers(false, true, false, true));
    VARIANTS.put("stem+classifier+depthwise fp32, int8 residual/pool", new Int8Layers(false, false, false, true));
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int profileRuns = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    boolean nodes = args.length > 3 && args[3].equals("nodes");
    int warmup = 300;
    var train = Datasets.load(DatasetRef.builtIn("mnist-10k")).train();
    for (BenchNetworks.Net net : BenchNetworks.three()) {
      NetworkSpec spec = net.spec();
      Map<String, byte[]> models = new LinkedHashMap<>();
      try (CandidateModel djl = CandidateModel.create(spec, 1e-3)) {
        NetworkWeights weights = NetworkWeights.of(djl);
        ActivationRanges ranges = ActivationCalibrator.calibrate(spec, weights, train, 256, CalibrationMethod.minMax());
        models.put("fp32", OnnxExporter.builder().build().export(spec, weights).bytes());
        VARIANTS.forEach((label, layers) -> models.put("int8 " + label, OnnxExporter.builder().setPrecision(Precision.INT8)
            .optActivationRanges(ranges).optInt8Layers(layers).build().export(spec, weights).bytes()));
      }
      System.out.printf(Locale.ROOT, "%n== %s (%.2f MMACs)%n", net.name(), net.mmacs());
      for (var e : models.entrySet()) {
        System.out.printf(Locale.ROOT, "-- %s, %d bytes, profiled kernel time per run (µs):%n", e.getKey(), e.getValue().length);
        profile(e.getValue(), spec, warmup, profileRuns, nodes);
      }
      Map<String, List<Double>> medians = new LinkedHashMap<>();
      for (int r = 0; r < rounds; r++) {
        for (var e : models.entrySet()) {
          Precision p = e.getKey().startsWith("int8") ? Precision.INT8 : Precision.FP32;
          try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(e.getValue(), spec.input(), p, 1)) {
            medians.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(OnnxRuntimeMeter.measure(ort, warmup, runs).timing().medianMs());
          }
        }
      }
      double fp32 = median(medians.get("fp32"));
      medians.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s, %s, medians ms %s, median of rounds %.3f, fp32/this %.2f%n", net.name(), k,
          v.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList(), median(v), fp32 / median(v)));
    }
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }

  /** Sums ORT's per-node kernel times (the profiler's "Node" events named *_kernel_time) over the timed runs. */
  static void profile(byte[] onnx, NetworkSpec spec, int warmup, int runs, boolean nodes) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Path prefix = Files.createTempDirectory("ort-profile").resolve("p");
    float[] image = OnnxRuntimeMeter.image(spec.input());
    long[] shape = {1, spec.input().channels(), spec.input().height(), spec.input().width()};
    String file;
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      o.setInterOpNumThreads(1);
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      try (OrtSession s = env.createSession(onnx, o)) {
        for (int i = 0; i < warmup; i++) run(env, s, image, shape);
      }
      o.enableProfiling(prefix.toString());
      try (OrtSession s = env.createSession(onnx, o)) {
        for (int i = 0; i < warmup + runs; i++) run(env, s, image, shape);
        file = s.endProfiling();
      }
    }
    JsonNode events = new ObjectMapper().readTree(Path.of(file).toFile());
    Map<String, double[]> byOp = new TreeMap<>();
    Map<String, double[]> byNode = new LinkedHashMap<>();
    Map<String, String> nodeInfo = new LinkedHashMap<>();
    int seen = 0;
    List<JsonNode> list = new ArrayList<>();
    events.forEach(list::add);
    // the profiled session also ran the warm-ups: keep the last `runs` model_run spans only
    List<long[]> spans = new ArrayList<>();
    for (JsonNode e : list) {
      if ("Session".equals(e.path("cat").asText()) && "model_run".equals(e.path("name").asText())) {
        spans.add(new long[] {e.path("ts").asLong(), e.path("ts").asLong() + e.path("dur").asLong()});
      }
    }
    long from = spans.get(spans.size() - runs)[0];
    for (JsonNode e : list) {
      if (!"Node".equals(e.path("cat").asText()) || e.path("ts").asLong() < from) continue;
      String name = e.path("name").asText();
      if (!name.endsWith("_kernel_time")) continue;
      String op = e.path("args").path("op_name").asText();
      double us = e.path("dur").asDouble() / runs;
      byOp.computeIfAbsent(op, k -> new double[2])[0] += us;
      byOp.get(op)[1] += 1.0 / runs;
      String node = name.substring(0, name.length() - "_kernel_time".length());
      byNode.computeIfAbsent(node, k -> new double[1])[0] += us;
      nodeInfo.put(node, op + " " + e.path("args").path("output_type_shape"));
      seen++;
    }
    double total = byOp.values().stream().mapToDouble(v -> v[0]).sum();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   total %.1f |", total));
    byOp.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).forEach(
        en -> line.append(String.format(Locale.ROOT, " %s×%.0f %.1f |", en.getKey(), en.getValue()[1], en.getValue()[0])));
    System.out.println(line);
    if (nodes) byNode.forEach((k, v) -> System.out.printf(Locale.ROOT, "      %-36s %7.1f  %s%n", k, v[0], nodeInfo.get(k)));
    Files.deleteIfExists(Path.of(file));
  }

  static void run(OrtEnvironment env, OrtSession s, float[] image, long[] shape) throws Exception {
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), shape);
        OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), x))) {
      r.get(0);
    }
  }
}
