import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.calibration.Calibration;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the networks the offline GPU check times (bench/gpu/offline-check.sh): the same random
 * mobile-cnn networks `evaluator calibrate` draws (Calibration.draw, pruned as deployed, ONNX fp32
 * from the product's exporter, fresh weights), each as net-NNN.onnx with the fixed image the product
 * times (net-NNN.input.f32) and ONNX Runtime's fp32 logits for it here (net-NNN.expected.f32), so the
 * GPU side can check that it runs the same network. networks.jsonl has one line per network: name,
 * candidate, MACs, ONNX bytes and the product's host-cpu timing of it here (OnnxRuntimeMeter, batch 1,
 * 1 thread, the product's protocol, median ms).
 *
 *   bench/evaluator/run.sh bench/gpu/ExportNetworks.java NETWORKS SEED DIR
 */
public class ExportNetworks {
  public static void main(String[] args) throws IOException {
    int networks = Integer.parseInt(args[0]);
    long seed = Long.parseLong(args[1]);
    Path dir = Files.createDirectories(Path.of(args[2]));
    ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
    MeasurementProtocol protocol = MeasurementProtocol.defaults(1);
    List<String> lines = new ArrayList<>();
    long bytes = 0;
    int i = 0;
    for (Calibration.Drawn d : Calibration.draw(new SplittableRandom(seed), networks)) {
      String name = String.format("net-%03d", i++);
      Files.write(dir.resolve(name + ".onnx"), d.onnx());
      bytes += d.onnx().length;
      float[] image = OnnxRuntimeMeter.image(d.network().input());
      double hostMs;
      try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(d.onnx(), d.network().input(), Precision.FP32, 1)) {
        writeFloats(dir.resolve(name + ".input.f32"), image);
        writeFloats(dir.resolve(name + ".expected.f32"), ort.logits(image, 1));
        hostMs = OnnxRuntimeMeter.measure(ort, protocol.warmupRuns(), protocol.timedRuns()).timing().medianMs();
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("name", name);
      line.put("candidate", d.candidate());
      line.put("macs", d.network().macs());
      line.put("onnxBytes", d.onnx().length);
      line.put("hostCpuMs", hostMs);
      lines.add(Json.write(line));
      System.err.printf("%s %.2f MMACs %d bytes host-cpu %.3f ms%n", name, d.network().macs() / 1e6, d.onnx().length, hostMs);
    }
    Files.write(dir.resolve("networks.jsonl"), lines);
    System.err.printf("%d networks, %.1f MB of ONNX in %s%n", networks, bytes / 1e6, dir);
  }

  static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) b.putFloat(v);
    Files.write(file, b.array());
  }
}
