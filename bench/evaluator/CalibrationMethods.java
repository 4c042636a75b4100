import ai.djl.engine.Engine;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.export.ActivationCalibrator;
import dev.sculptor.evaluator.export.CalibrationMethod;
import dev.sculptor.evaluator.export.NetworkWeights;
import dev.sculptor.evaluator.export.OnnxExporter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.training.Augmentation;
import dev.sculptor.evaluator.training.CandidateModel;
import dev.sculptor.evaluator.training.OneCycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * int8 activation-range rules compared on the same trained weights: each network trained on mnist-10k with the final
 * phase's recipe (one-cycle Adam peaking at 3e-3, shifts of 2 px, batch 64), then exported at int8 with activation
 * ranges from each rule (min-max, and percentiles, each over the product's 256 calibration images) and measured in ONNX
 * Runtime on the validation and test splits, beside the fp32 export.
 * Networks: BenchNetworks' small, medium, large, and "member": the canonical job's best member (seed 42), unpruned,
 * read from bench/final/requests/canonical-seed42-best-member.json.
 * Run: SKIP_BUILD=1 bench/evaluator/run.sh bench/evaluator/CalibrationMethods.java [nets] [epochs] [seeds]
 *   e.g. small,medium,large,member 8 1,2
 */
public class CalibrationMethods {
  public static void main(String[] args) throws Exception {
    List<String> nets = List.of((args.length > 0 ? args[0] : "small,medium,large,member").split(","));
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    List<Long> seeds =
        java.util.Arrays.stream((args.length > 2 ? args[2] : "1").split(",")).map(Long::parseLong).toList();
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    List<CalibrationMethod> rules = List.of(new CalibrationMethod.MinMax(), new CalibrationMethod.Percentile(99.99),
        new CalibrationMethod.Percentile(99.9), new CalibrationMethod.Percentile(99.5));
    List<BenchNetworks.Net> all = new ArrayList<>(BenchNetworks.three());
    EvaluationRequest member = Json.read(
        Files.readString(Path.of("bench/final/requests/canonical-seed42-best-member.json")), EvaluationRequest.class);
    var candidate = member.candidate();
    all.add(new BenchNetworks.Net("member", NetworkDecoder.decode(
        new dev.sculptor.core.space.CandidateSpec(candidate.architecture(), CompressionPlan.none(), candidate.training()),
        InputShape.MNIST, 10)));
    System.out.printf("mnist-10k: %d training images, %d epochs, validation %d, test %d%n",
        data.train().size(), epochs, data.validation().size(), data.test().size());
    for (BenchNetworks.Net net : all) {
      if (!nets.contains(net.name())) continue;
      for (long seed : seeds) {
        Engine.getInstance().setRandomSeed((int) seed);
        int steps = epochs * ((data.train().size() + 63) / 64);
        try (CandidateModel model = CandidateModel.create(net.spec(), new OneCycle(3e-3f, steps))) {
          long t0 = System.nanoTime();
          model.train("train", data.train(), data.validation(), epochs, 64, seed, Augmentation.shifts(2), 0,
              Cancellation.none());
          long trainS = (System.nanoTime() - t0) / 1_000_000_000;
          NetworkWeights weights = NetworkWeights.of(model);
          StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
              "%s (%.1f MMACs) seed %d, %d s training: DJL fp32 validation %.4f test %.4f", net.name(), net.mmacs(),
              seed, trainS, model.accuracy(data.validation()), model.accuracy(data.test())));
          for (CalibrationMethod rule : rules) {
            ActivationRanges ranges = ActivationCalibrator.calibrate(net.spec(), weights, data.train(), 256, rule);
            byte[] bytes = OnnxExporter.builder().setPrecision(Precision.INT8).optActivationRanges(ranges).build()
                .export(net.spec(), weights).bytes();
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(bytes, net.spec().input(), Precision.INT8, 1)) {
              line.append(String.format(java.util.Locale.ROOT, " | int8 %s: validation %.4f test %.4f",
                  rule.describe(), ort.accuracy(data.validation()), ort.accuracy(data.test())));
            }
          }
          System.out.println(line);
        }
      }
    }
  }
}
