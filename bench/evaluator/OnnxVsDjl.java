import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.export.ActivationCalibrator;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.export.CalibrationMethod;
import dev.sculptor.evaluator.export.NetworkWeights;
import dev.sculptor.evaluator.export.OnnxExporter;
import dev.sculptor.evaluator.measurement.LatencyMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.training.CandidateModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Batch-1 latency of the same network in DJL (PyTorch) and in ONNX Runtime at fp32, fp16 (stored;
 * ORT computes fp32 on x86) and int8 QDQ, for three sizes, 1 intra-op thread, warm-up then timed
 * runs (300 warm-up, as the product), median / p90 / CV. Weights are fresh (untrained): latency does not depend on their values;
 * int8 is calibrated on 256 mnist-10k training digits.
 * Run: bench/evaluator/run.sh bench/evaluator/OnnxVsDjl.java [timed runs] [dir]
 * With a dir, also writes NAME-fp32.onnx / -fp16.onnx / -int8.onnx, NAME.input.f32 (the fixed image
 * OnnxRuntimeMeter times, raw little-endian float32) and NAME.expected.f32 (ONNX Runtime's fp32 logits
 * for it) and NAME.mmacs, for the native PyTorch side (bench/evaluator/onnx-vs-native.sh).
 */
public class OnnxVsDjl {
  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path dir = args.length > 1 ? Path.of(args[1]) : null;
    int warmup = 300; // the product's protocol (MeasurementProtocol.defaults)
    var train = Datasets.load(DatasetRef.builtIn("mnist-10k")).train();
    System.out.println("model, MMACs, runtime, stored, computed, bytes, median ms, p90 ms, CV");
    for (BenchNetworks.Net net : BenchNetworks.three()) {
      String name = net.name();
      NetworkSpec spec = net.spec();
      double mmacs = net.mmacs();
      try (CandidateModel djl = CandidateModel.create(spec, 1e-3)) {
        LatencyMeter.Timing t = LatencyMeter.measure(djl, warmup, runs, 1);
        print(name, mmacs, "djl-pytorch", "fp32", "fp32", -1, t);
        NetworkWeights weights = NetworkWeights.of(djl);
        ActivationRanges ranges = ActivationCalibrator.calibrate(spec, weights, train, 256, CalibrationMethod.minMax());
        for (Precision p : Precision.values()) {
          byte[] onnx = OnnxExporter.builder().setPrecision(p).optActivationRanges(ranges).build().export(spec, weights).bytes();
          String lower = p.name().toLowerCase(Locale.ROOT);
          if (dir != null) Files.write(dir.resolve(name + "-" + lower + ".onnx"), onnx);
          try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(onnx, spec.input(), p, 1)) {
            if (dir != null && p == Precision.FP32) {
              float[] image = OnnxRuntimeMeter.image(spec.input());
              writeFloats(dir.resolve(name + ".input.f32"), image);
              writeFloats(dir.resolve(name + ".expected.f32"), ort.logits(image, 1));
              Files.writeString(dir.resolve(name + ".mmacs"), String.format(Locale.ROOT, "%.2f%n", mmacs));
            }
            var m = OnnxRuntimeMeter.measure(ort, warmup, runs);
            print(name, mmacs, "onnxruntime " + m.provenance().version(), lower,
                m.provenance().computedPrecision().name().toLowerCase(Locale.ROOT), onnx.length, m.timing());
          }
        }
      }
    }
  }

  static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) b.putFloat(v);
    Files.write(file, b.array());
  }

  static void print(Object model, double mmacs, String runtime, String stored, String computed, long bytes, LatencyMeter.Timing t) {
    System.out.printf(Locale.ROOT, "%s, %.2f, %s, %s, %s, %s, %.3f, %.3f, %.3f%n", model, mmacs, runtime, stored, computed,
        bytes < 0 ? "-" : Long.toString(bytes), t.medianMs(), t.p90Ms(), t.coefficientOfVariation());
  }
}
