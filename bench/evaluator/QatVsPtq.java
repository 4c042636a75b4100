import ai.djl.engine.Engine;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.compression.PlannedTechniques;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.compression.QuantisationAwareTraining;
import dev.sculptor.evaluator.export.ActivationCalibrator;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.export.CalibrationMethod;
import dev.sculptor.evaluator.export.NetworkWeights;
import dev.sculptor.evaluator.export.OnnxEvaluation;
import dev.sculptor.evaluator.export.OnnxExporter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.List;

/**
 * Post-training quantisation against quantisation-aware training, int8: each network trained on mnist-10k, then
 * fine-tuned twice from the same weights with the same seed (without, then with QuantisationAwareTraining), each
 * exported at int8 through the product's OnnxEvaluation and measured in ONNX Runtime on the validation and test splits
 * (validation also on the literal QDQ graph, without ONNX Runtime's fused integer kernels). The QAT model is also
 * exported with each activation-range rule (min-max re-calibrated on 256 training images after training, and the
 * ranges QAT tracked, which the product exports), to compare the two on the same weights.
 * Networks: BenchNetworks' small, medium, large, and cnn (the evaluator tests' small CNN, Candidates.smallCnn).
 * Run: SKIP_BUILD=1 bench/evaluator/run.sh bench/evaluator/QatVsPtq.java [nets] [images] [epochs] [fineTuneEpochs] [seeds]
 *   e.g. small,cnn 9000 2 1 1,2
 */
public class QatVsPtq {
  public static void main(String[] args) {
    List<String> nets = List.of((args.length > 0 ? args[0] : "small,medium").split(","));
    int images = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int fineTune = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    List<Long> seeds =
        java.util.Arrays.stream((args.length > 4 ? args[4] : "1").split(",")).map(Long::parseLong).toList();
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    LabeledImages train = data.train().first(Math.min(images, data.train().size()));
    CompressionPlan qatPlan = new CompressionPlan(Precision.INT8, List.of(), null, null, null, List.of(), true);
    System.out.printf("mnist-10k: %d training images, %d epochs + %d fine-tune, validation %d, test %d%n",
        train.size(), epochs, fineTune, data.validation().size(), data.test().size());
    List<BenchNetworks.Net> all = new java.util.ArrayList<>(BenchNetworks.three());
    all.add(testsCnn());
    for (BenchNetworks.Net net : all) {
      if (!nets.contains(net.name())) continue;
      for (long seed : seeds) {
        Engine.getInstance().setRandomSeed((int) seed);
        float[][] trained;
        long t0 = System.nanoTime();
        try (CandidateModel full = CandidateModel.create(net.spec(), 3e-3)) {
          full.train("train", train, data.validation(), epochs, 64, seed);
          trained = full.parameterValues();
        }
        long trainS = (System.nanoTime() - t0) / 1_000_000_000;
        for (boolean aware : List.of(false, true)) {
          try (CandidateModel model = CandidateModel.create(net.spec(), 3e-3)) {
            model.setParameterValues(trained);
            if (aware) model.useTechniques(PlannedTechniques.forFineTune(qatPlan));
            long t1 = System.nanoTime();
            model.train("fine-tune", train, data.validation(), fineTune, 64, seed + 1);
            long fineS = (System.nanoTime() - t1) / 1_000_000_000;
            double djl = model.accuracy(data.validation());
            OnnxEvaluation.Result r = OnnxEvaluation.builder().setModel(model).setPrecision(Precision.INT8)
                .setCalibrationImages(data.train()).setValidationImages(data.validation()).optLatencyRuns(1, 1)
                .build().run();
            double test;
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(r.onnx(), net.spec().input(), Precision.INT8, 1)) {
              test = ort.accuracy(data.test());
            }
            double literal;
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(r.onnx(), net.spec().input(), Precision.INT8, 1,
                ai.onnxruntime.OrtSession.SessionOptions.OptLevel.NO_OPT)) {
              literal = ort.accuracy(data.validation());
            }
            String rules = "";
            if (aware) {
              // both activation-range rules on the same QAT weights
              NetworkWeights weights = NetworkWeights.of(model);
              for (ActivationRanges ranges : List.of(
                  ActivationCalibrator.calibrate(net.spec(), weights, data.train(), 256, CalibrationMethod.minMax()),
                  ActivationRanges.trackedBy(model.activationQuantisers()).orElseThrow())) {
                byte[] bytes = OnnxExporter.builder().setPrecision(Precision.INT8).optActivationRanges(ranges).build()
                    .export(net.spec(), weights).bytes();
                try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(bytes, net.spec().input(), Precision.INT8, 1)) {
                  rules += String.format(" [ranges: %s: int8 validation %.4f]", ranges.method(),
                      ort.accuracy(data.validation()));
                }
              }
            }
            System.out.printf(
                "%s (%.1f MMACs) seed %d %s: int8 validation %.4f (literal QDQ graph %.4f), int8 test %.4f,"
                    + " DJL validation fp32 %.4f, int8 agreement with the fp32 export %.4f (training %d s,"
                    + " fine-tune %d s)%s%n",
                net.name(), net.mmacs(), seed, aware ? "QAT" : "PTQ", r.accuracy(), literal, test, djl,
                r.topOneAgreementWithFp32().orElseThrow(), trainS, fineS, rules);
          }
        }
      }
    }
  }

  /** The evaluator tests' small CNN (Candidates.smallCnn): stem 16, a conv stage and a depthwise-separable one of 32. */
  private static BenchNetworks.Net testsCnn() {
    var stages = List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1),
        new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1));
    CandidateSpec candidate = new CandidateSpec(new ArchitectureSpec(16, stages, Activation.RELU, 0),
        CompressionPlan.none(), TrainingRecipe.defaults());
    return new BenchNetworks.Net("cnn", NetworkDecoder.decode(candidate, InputShape.MNIST, 10));
  }
}
