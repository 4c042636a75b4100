package dev.sculptor.evaluator.export;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.ExecutionProvider;
import dev.sculptor.evaluator.measurement.LatencyMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.measurement.OrtProvenance;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.List;
import java.util.Optional;

/**
 * One call for the evaluator: export a trained (and possibly pruned) DJL candidate at a precision
 * (or one per layer), prove the fp32 export computes the same network, and measure the deployable
 * model in ONNX Runtime. {@code CandidateEvaluator} calls it after training; see {@code
 * docs/deploy.md}.
 *
 * <pre>{@code
 * OnnxEvaluation.Result r = OnnxEvaluation.builder()
 *     .setModel(trained).setPrecision(Precision.INT8)
 *     .setCalibrationImages(splits.train()).setValidationImages(splits.validation())
 *     .optMetadata(new ExportMetadata(version, jobId, candidateId, fingerprint, classNames))
 *     .build().run();
 * OnnxFiles.write(path, r.onnx());
 * }</pre>
 */
public final class OnnxEvaluation {
  /** Images compared between DJL and the fp32 export. */
  public static final int PARITY_IMAGES = 64;

  private final CandidateModel model;
  private final Precision precision;
  private final List<Precision> layerPrecisions;
  private final LabeledImages calibration;
  private final LabeledImages validation;
  private final ExportMetadata metadata;
  private final int calibrationImages;
  private final CalibrationMethod method;
  private final int threads;
  private final ExecutionProvider provider;
  private final int warmup;
  private final int runs;

  private OnnxEvaluation(Builder b) {
    this.model = b.model;
    this.precision = b.precision;
    this.layerPrecisions = b.layerPrecisions;
    this.calibration = b.calibration;
    this.validation = b.validation;
    this.metadata = b.metadata;
    this.calibrationImages = b.calibrationImages;
    this.method = b.method;
    this.threads = b.threads;
    this.provider = b.provider;
    this.warmup = b.warmup;
    this.runs = b.runs;
  }

  /**
   * @param onnx the complete .onnx file at the requested precision
   * @param accuracy ONNX Runtime top-1 accuracy on the validation images
   * @param fp32Parity DJL vs fp32 export on the first validation images
   * @param topOneAgreementWithFp32 empty for a uniform fp32 export
   */
  public record Result(
      byte[] onnx,
      Precision precision,
      double accuracy,
      ExportParity.Fp32Parity fp32Parity,
      Optional<Double> topOneAgreementWithFp32,
      LatencyMeter.Timing latency,
      OrtProvenance provenance) {}

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Throws {@link OnnxExportException} (cannot express) or {@link ExportParityException} (exporter
   * bug).
   */
  public Result run() {
    NetworkSpec spec = model.spec();
    NetworkWeights weights = NetworkWeights.of(model);
    OnnxExporter.ExportedModel fp32 =
        OnnxExporter.builder()
            .setPrecision(Precision.FP32)
            .optMetadata(metadata)
            .build()
            .export(spec, weights);
    ExportParity.Fp32Parity parity;
    int[] fp32Predictions;
    try (OnnxRuntimeModel ort =
        OnnxRuntimeModel.load(fp32.bytes(), spec.input(), Precision.FP32, threads)) {
      parity = ExportParity.checkFp32(model, ort, validation.first(PARITY_IMAGES));
      fp32Predictions = ort.predict(validation);
      if (precision == Precision.FP32 && layerPrecisions.isEmpty()) {
        OnnxRuntimeMeter.Measurement m = time(fp32.bytes(), ort);
        return new Result(
            fp32.bytes(),
            precision,
            accuracy(fp32Predictions),
            parity,
            Optional.empty(),
            m.timing(),
            m.provenance());
      }
    }
    // a network trained quantised is exported at the activation ranges it was trained with
    ActivationRanges ranges =
        needsCalibration(precision, layerPrecisions)
            ? ActivationRanges.trackedBy(model.activationQuantisers())
                .orElseGet(
                    () ->
                        ActivationCalibrator.calibrate(
                            spec, weights, calibration, calibrationImages, method))
            : null;
    OnnxExporter.ExportedModel exported =
        OnnxExporter.builder()
            .setPrecision(precision)
            .optLayerPrecisions(layerPrecisions)
            .optMetadata(metadata)
            .optActivationRanges(ranges)
            .build()
            .export(spec, weights);
    try (OnnxRuntimeModel ort =
        OnnxRuntimeModel.load(exported.bytes(), spec.input(), precision, threads)) {
      int[] predictions = ort.predict(validation);
      OnnxRuntimeMeter.Measurement m = time(exported.bytes(), ort);
      return new Result(
          exported.bytes(),
          precision,
          accuracy(predictions),
          parity,
          Optional.of(ExportParity.topOneAgreement(fp32Predictions, predictions)),
          m.timing(),
          m.provenance());
    }
  }

  /**
   * Batch-1 latency on the timing provider. Accuracy and parity always come from the CPU session
   * (exact fp32, the same on every machine); a GPU times the same file in its own session.
   */
  private OnnxRuntimeMeter.Measurement time(byte[] onnx, OnnxRuntimeModel onCpu) {
    if (provider == ExecutionProvider.CPU) return OnnxRuntimeMeter.measure(onCpu, warmup, runs);
    try (OnnxRuntimeModel onDevice =
        OnnxRuntimeModel.load(
            onnx, onCpu.input(), onCpu.provenance().storedPrecision(), threads, provider)) {
      return OnnxRuntimeMeter.measure(onDevice, warmup, runs);
    }
  }

  /** Activation ranges are needed whenever any layer is int8. */
  private static boolean needsCalibration(Precision precision, List<Precision> layers) {
    return layers.isEmpty() ? precision == Precision.INT8 : layers.contains(Precision.INT8);
  }

  private double accuracy(int[] predictions) {
    int correct = 0;
    for (int i = 0; i < predictions.length; i++)
      if (predictions[i] == validation.labels()[i]) correct++;
    return predictions.length == 0 ? 0 : (double) correct / predictions.length;
  }

  public static final class Builder {
    private CandidateModel model;
    private Precision precision = Precision.FP32;
    private List<Precision> layerPrecisions = List.of();
    private LabeledImages calibration;
    private LabeledImages validation;
    private ExportMetadata metadata;
    private int calibrationImages = 256;
    private CalibrationMethod method = CalibrationMethod.minMax();
    private int threads = 1;
    private ExecutionProvider provider = ExecutionProvider.CPU;
    private int warmup = 10;
    private int runs = 50;

    private Builder() {}

    /**
     * The trained DJL candidate (pruned network if it was pruned); its current weights are
     * exported.
     */
    public Builder setModel(CandidateModel model) {
      this.model = model;
      return this;
    }

    public Builder setPrecision(Precision precision) {
      this.precision = precision;
      return this;
    }

    /**
     * Mixed precision: one precision per conv and dense layer in network order, as a plan's {@code
     * layerPrecisions}; empty (the default) for every layer at {@link #setPrecision}. See {@link
     * OnnxExporter.Builder#optLayerPrecisions}.
     */
    public Builder optLayerPrecisions(List<Precision> layerPrecisions) {
      this.layerPrecisions = List.copyOf(layerPrecisions);
      return this;
    }

    /**
     * int8 calibration sample: the first {@link #optCalibrationCount} images are used (pass
     * training images).
     */
    public Builder setCalibrationImages(LabeledImages calibration) {
      this.calibration = calibration;
      return this;
    }

    public Builder setValidationImages(LabeledImages validation) {
      this.validation = validation;
      return this;
    }

    public Builder optMetadata(ExportMetadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public Builder optCalibrationCount(int images) {
      this.calibrationImages = images;
      return this;
    }

    public Builder optCalibrationMethod(CalibrationMethod method) {
      this.method = method;
      return this;
    }

    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /** The execution provider latency is timed with (the CPU by default). */
    public Builder optExecutionProvider(ExecutionProvider provider) {
      this.provider = provider;
      return this;
    }

    /** Latency protocol: warm-up runs, then timed runs (as {@code LatencyMeter}). */
    public Builder optLatencyRuns(int warmup, int runs) {
      this.warmup = warmup;
      this.runs = runs;
      return this;
    }

    public OnnxEvaluation build() {
      if (model == null || validation == null)
        throw new IllegalStateException("model and validation images are required");
      if (needsCalibration(precision, layerPrecisions) && calibration == null)
        throw new IllegalStateException("int8 needs calibration images");
      return new OnnxEvaluation(this);
    }
  }
}
