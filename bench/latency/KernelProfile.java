import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sculptor.core.latency.Kernel;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.calibration.Calibration;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the time of a network goes in ONNX Runtime: for random mobile-cnn networks (as Calibration
 * draws them), the product's batch-1 timing of the whole network and ONNX Runtime's own profile of
 * the same model, node by node (the kernels ORT really runs after its graph optimisations: fused
 * convolutions, layout reorders), each node's median time and its input and output shapes. One JSON
 * line per network. For studying which per-kernel costs a latency model must represent; it fits
 * nothing.
 *
 *   bench/evaluator/run.sh bench/latency/KernelProfile.java NETWORKS SEED OUT.jsonl [PASSES]
 */
public class KernelProfile {
  record Node(String name, String op, double us, List<List<Long>> in, List<List<Long>> out) {}

  record Profiled(CandidateSpec candidate, String activation, List<Kernel> kernels, double ms, double runUs, List<Node> nodes) {}

  public static void main(String[] args) throws Exception {
    int networks = Integer.parseInt(args[0]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
    Path out = Path.of(args[2]);
    MeasurementProtocol protocol = MeasurementProtocol.defaults(1);
    int passes = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    List<Calibration.Drawn> drawn = Calibration.draw(random, networks);
    List<CandidateSpec> candidates = drawn.stream().map(Calibration.Drawn::candidate).toList();
    List<NetworkSpec> nets = drawn.stream().map(Calibration.Drawn::network).toList();
    List<byte[]> onnx = drawn.stream().map(Calibration.Drawn::onnx).toList();
    // as Calibration: separate passes, the lowest median is the network's latency
    double[] ms = new double[networks];
    Arrays.fill(ms, Double.MAX_VALUE);
    for (int p = 0; p < passes; p++) {
      for (int i = 0; i < networks; i++) {
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(onnx.get(i), nets.get(i).input(), Precision.FP32, 1)) {
          ms[i] = Math.min(ms[i], OnnxRuntimeMeter.measure(ort, protocol.warmupRuns(), protocol.timedRuns()).timing().medianMs());
        }
      }
      System.out.println("pass " + (p + 1) + " timed; load " + Files.readString(Path.of("/proc/loadavg")).trim());
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < networks; i++)
      lines.add(Json.write(profile(candidates.get(i), nets.get(i), ms[i], onnx.get(i), 50, 100)));
    Files.write(out, lines);
  }

  static Profiled profile(CandidateSpec candidate, NetworkSpec net, double ms, byte[] onnx, int warmup, int runs)
      throws Exception {
    InputShape input = net.input();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Path prefix = Files.createTempFile("sculptor-profile-", "");
    String file;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      options.enableProfiling(prefix.toString());
      try (OrtSession session = env.createSession(onnx, options)) {
        String name = session.getInputNames().iterator().next();
        float[] image = OnnxRuntimeMeter.image(input);
        long[] shape = {1, input.channels(), input.height(), input.width()};
        for (int i = 0; i < warmup + runs; i++) {
          try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), shape);
              OrtSession.Result r = session.run(Map.of(name, x))) {
            r.get(0);
          }
        }
        file = session.endProfiling();
      }
    }
    JsonNode events = Json.mapper().readTree(Files.readString(Path.of(file)));
    Files.deleteIfExists(Path.of(file));
    Files.deleteIfExists(prefix);
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, JsonNode> argsOf = new LinkedHashMap<>();
    List<Double> run = new ArrayList<>();
    for (JsonNode e : events) {
      String cat = e.path("cat").asText();
      String n = e.path("name").asText();
      if (cat.equals("Node") && n.endsWith("_kernel_time")) {
        String node = n.substring(0, n.length() - "_kernel_time".length());
        times.computeIfAbsent(node, k -> new ArrayList<>()).add(e.path("dur").asDouble());
        argsOf.putIfAbsent(node, e.path("args"));
      } else if (cat.equals("Session") && n.equals("model_run")) {
        run.add(e.path("dur").asDouble());
      }
    }
    List<Node> nodes = new ArrayList<>();
    for (var t : times.entrySet()) {
      List<Double> all = t.getValue();
      JsonNode a = argsOf.get(t.getKey());
      nodes.add(new Node(t.getKey(), a.path("op_name").asText(), median(all.subList(Math.max(0, all.size() - runs), all.size())),
          shapes(a.path("input_type_shape")), shapes(a.path("output_type_shape"))));
    }
    return new Profiled(candidate, String.valueOf(net.activation()), Kernel.of(net), ms, median(run.subList(Math.max(0, run.size() - runs), run.size())), nodes);
  }

  static List<List<Long>> shapes(JsonNode list) {
    List<List<Long>> shapes = new ArrayList<>();
    for (JsonNode t : list) {
      List<Long> dims = new ArrayList<>();
      t.elements().next().forEach(d -> dims.add(d.asLong()));
      shapes.add(dims);
    }
    return shapes;
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length == 0 ? 0 : v[v.length / 2];
  }
}
