package dev.sculptor.evaluator.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a decoded network and its parameters as an ONNX model (opset 17), one walk over the spec
 * in the order {@code DjlBlocks} builds it: batch norm folded into each conv, depthwise convs as
 * grouped {@code Conv}, residual {@code Add}, {@code GlobalAveragePool}, {@code Gemm} for dense
 * layers. Input {@code image} is float NCHW in [0, 1] (8-bit pixels / 255, as the evaluator
 * trains), batch dimension dynamic; output {@code logits}. The whole model is built in memory.
 *
 * <pre>{@code
 * ExportedModel m = OnnxExporter.builder().setPrecision(Precision.INT8).optActivationRanges(ranges)
 *     .optMetadata(metadata).build().export(spec, NetworkWeights.of(model));
 * }</pre>
 */
public final class OnnxExporter {
  public static final int OPSET = 17;

  /** IR version 8 is the one that goes with opset 17. */
  public static final int IR_VERSION = 8;

  public static final String INPUT = "image";
  public static final String OUTPUT = "logits";
  public static final String NORMALISATION =
      "x = pixel / 255 (8-bit to [0, 1]), no mean or std subtracted";

  private final Precision precision;
  private final ExportMetadata metadata;
  private final ActivationRanges ranges;
  private final boolean reducedRange;
  private final Int8Layers int8Layers;

  private OnnxExporter(Builder b) {
    this.int8Layers = b.int8Layers;
    this.reducedRange = b.reducedRange;
    this.precision = b.precision;
    this.metadata = b.metadata;
    this.ranges = b.ranges;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The exported model; {@code bytes} is the complete .onnx file. */
  public record ExportedModel(byte[] bytes, Precision precision, Map<String, String> metadata) {}

  /**
   * Checks the network, then builds the model in memory; throws {@link OnnxExportException} if it
   * cannot.
   */
  public ExportedModel export(NetworkSpec spec, NetworkWeights weights) {
    NetworkCheck.check(spec, weights);
    LayerEncoding encoding = LayerEncoding.of(precision, ranges, reducedRange);
    Map<String, String> props = metadata(spec);
    ModelProto model = model(spec, weights, encoding, int8Layers, props, List.of());
    return new ExportedModel(model.toByteArray(), precision, props);
  }

  /**
   * The fp32 graph with every tensor the int8 graph quantises also exposed as an output, so a
   * calibration run can read their ranges. Not for deployment.
   */
  static CalibrationGraph calibrationGraph(NetworkSpec spec, NetworkWeights weights) {
    NetworkCheck.check(spec, weights);
    LayerEncoding.Fp32 tapping = new LayerEncoding.Fp32(true);
    // First walk collects the tap names, the second writes them as outputs.
    model(spec, weights, tapping, Int8Layers.everything(), Map.of(), List.of());
    List<String> taps = List.copyOf(tapping.taps);
    return new CalibrationGraph(
        model(spec, weights, new LayerEncoding.Fp32(false), Int8Layers.everything(), Map.of(), taps)
            .toByteArray(),
        taps);
  }

  record CalibrationGraph(byte[] bytes, List<String> taps) {}

  private Map<String, String> metadata(NetworkSpec spec) {
    Map<String, String> m = new LinkedHashMap<>();
    ExportMetadata md =
        metadata == null
            ? new ExportMetadata(
                ExportMetadata.runningVersion(), "", "", "", DatasetInfo.numbered(spec.classes()))
            : metadata;
    m.put("sculptor.version", md.sculptorVersion());
    m.put("sculptor.job_id", md.jobId());
    m.put("sculptor.candidate_id", md.candidateId());
    m.put("sculptor.stage", md.stage().label());
    if (md.finalTrainingId() != null) m.put("sculptor.final_training_id", md.finalTrainingId());
    m.put("sculptor.spec_fingerprint", md.specFingerprint());
    m.put("sculptor.precision", precision.name().toLowerCase(java.util.Locale.ROOT));
    if (precision == Precision.INT8) {
      m.put(
          "sculptor.int8",
          "QDQ static: int8 symmetric per-channel weights ("
              + (reducedRange ? "7-bit reduced range" : "full range")
              + "), uint8 per-tensor activations ("
              + ranges.method()
              + " over "
              + ranges.images()
              + " training images), int32 bias; "
              + int8Layers.describe());
      m.put(
          "sculptor.int8_training",
          md.quantisationAware()
              ? "quantisation-aware trained: the fine-tune fake-quantised the int8 layers' weights"
                  + " (per channel, batch norm folded, as stored here); activations not"
              : "post-training quantisation");
    }
    if (precision == Precision.FP16)
      m.put("sculptor.fp16", "fp16 weights cast to fp32 at load; compute fp32");
    m.put("input.name", INPUT);
    m.put(
        "input.shape",
        "batch,"
            + spec.input().channels()
            + ","
            + spec.input().height()
            + ","
            + spec.input().width());
    m.put("input.layout", "NCHW float32");
    m.put("input.normalisation", NORMALISATION);
    m.put("output.name", OUTPUT);
    m.put("output.meaning", "unnormalised class scores (logits); softmax for probabilities");
    List<String> names =
        md.classNames().isEmpty() ? DatasetInfo.numbered(spec.classes()) : md.classNames();
    if (names.size() != spec.classes()) {
      throw new OnnxExportException(
          names.size() + " class names for " + spec.classes() + " classes");
    }
    m.put("class_names", String.join(",", names));
    return m;
  }

  private static ModelProto model(
      NetworkSpec spec,
      NetworkWeights weights,
      LayerEncoding enc,
      Int8Layers layers,
      Map<String, String> props,
      List<String> taps) {
    LayerEncoding plain = new LayerEncoding.Fp32(false);
    GraphWriter g = new GraphWriter("sculptor_candidate");
    g.input(
        GraphWriter.floatValue(
            INPUT,
            null,
            (long) spec.input().channels(),
            (long) spec.input().height(),
            (long) spec.input().width()));
    Constants constants = new Constants(g);
    String x = conv(g, layers.stem() ? enc : plain, constants, spec, spec.stem(), INPUT, weights);
    LayerEncoding joins = layers.residualAndPool() ? enc : plain;
    for (BlockLayers block : spec.blocks()) {
      String in = x;
      for (ConvLayer c : block.convs())
        x =
            conv(
                g,
                c.groups() > 1 && !layers.depthwise() ? plain : enc,
                constants,
                spec,
                c,
                x,
                weights);
      if (block.residual()) {
        x =
            joins.convOutput(
                g,
                g.node(
                    "Add",
                    List.of(joins.input(g, x), joins.input(g, in)),
                    block.convs().getLast().name() + ".residual"));
      }
    }
    x = joins.convOutput(g, g.node("GlobalAveragePool", List.of(x), "pooled"));
    x = g.node("Flatten", List.of(x), "features", GraphWriter.integer("axis", 1));
    List<DenseLayer> head = spec.head();
    for (int i = 0; i < head.size(); i++) {
      DenseLayer d = head.get(i);
      boolean last = i == head.size() - 1;
      LayerEncoding dense = last && !layers.classifier() ? plain : enc;
      NetworkWeights.Dense p = weights.dense(d);
      String input = dense.input(g, x);
      List<String> wb =
          dense.parameters(g, d.name(), new long[] {d.out(), d.in()}, p.weight(), p.bias(), x);
      String out = last && !d.activation() ? OUTPUT : d.name() + ".gemm";
      x =
          g.node(
              "Gemm", List.of(input, wb.get(0), wb.get(1)), out, GraphWriter.integer("transB", 1));
      if (d.activation()) x = activation(g, constants, spec, x, last ? OUTPUT : d.name() + ".out");
    }
    g.output(GraphWriter.floatValue(OUTPUT, null, (long) spec.classes()));
    // The input is read straight from the calibration images; ONNX has no output that is also an
    // input.
    for (String tap : taps) if (!tap.equals(INPUT)) g.output(GraphWriter.floatTap(tap));

    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("sculptor")
            .setProducerVersion(
                props.getOrDefault("sculptor.version", ExportMetadata.runningVersion()))
            .setDocString(
                "Sculptor candidate network; input and output conventions in metadata_props")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(g.build());
    props.forEach(
        (k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  private static String conv(
      GraphWriter g,
      LayerEncoding enc,
      Constants constants,
      NetworkSpec spec,
      ConvLayer c,
      String x,
      NetworkWeights weights) {
    Folded f = fold(weights.conv(c), c.out());
    String input = enc.input(g, x);
    long[] dims = {c.out(), c.in() / c.groups(), c.kernel(), c.kernel()};
    List<String> wb = enc.parameters(g, c.name(), dims, f.weight(), f.bias(), x);
    int pad = c.kernel() / 2;
    String out =
        g.node(
            "Conv",
            List.of(input, wb.get(0), wb.get(1)),
            c.name() + ".conv",
            GraphWriter.ints("kernel_shape", c.kernel(), c.kernel()),
            GraphWriter.ints("strides", c.stride(), c.stride()),
            GraphWriter.ints("pads", pad, pad, pad, pad),
            GraphWriter.ints("dilations", 1, 1),
            GraphWriter.integer("group", c.groups()));
    // int8 quantises after a ReLU (range [0, max]: twice the resolution, and ONNX Runtime folds the
    // ReLU into the integer conv); before other activations, which have no integer kernels.
    if (c.activation() && spec.activation() == dev.sculptor.core.space.Activation.RELU) {
      return enc.convOutput(g, activation(g, constants, spec, out, c.name() + ".act"));
    }
    out = enc.convOutput(g, out);
    return c.activation() ? activation(g, constants, spec, out, c.name() + ".act") : out;
  }

  record Folded(float[] weight, float[] bias) {}

  /** w' = w · γ/√(σ²+ε) per output channel, b' = β − μ · γ/√(σ²+ε); computed in double. */
  static Folded fold(NetworkWeights.Conv p, int out) {
    int per = p.weight().length / out;
    float[] w = new float[p.weight().length];
    float[] b = new float[out];
    for (int o = 0; o < out; o++) {
      double s =
          p.gamma()[o] / Math.sqrt((double) p.variance()[o] + NetworkWeights.BATCH_NORM_EPSILON);
      for (int k = 0; k < per; k++) w[o * per + k] = (float) (p.weight()[o * per + k] * s);
      b[o] = (float) (p.beta()[o] - p.mean()[o] * s);
    }
    return new Folded(w, b);
  }

  private static String activation(
      GraphWriter g, Constants constants, NetworkSpec spec, String x, String out) {
    return switch (spec.activation()) {
      case RELU -> g.node("Relu", List.of(x), out);
      // Opset 17 has no Gelu: the exact erf form, as torch's default gelu computes it.
      case GELU -> {
        String erf =
            g.node(
                "Erf",
                List.of(
                    g.node(
                        "Div",
                        List.of(x, constants.get("sqrt2", (float) Math.sqrt(2))),
                        out + ".scaled")),
                out + ".erf");
        String onePlus = g.node("Add", List.of(erf, constants.get("one", 1f)), out + ".one_plus");
        String times = g.node("Mul", List.of(x, onePlus), out + ".times");
        yield g.node("Mul", List.of(times, constants.get("half", 0.5f)), out);
      }
      // DJL's swish with β = 1: x · sigmoid(x).
      case SWISH -> g.node("Mul", List.of(x, g.node("Sigmoid", List.of(x), out + ".sigmoid")), out);
    };
  }

  /** Scalar fp32 constants, each written once. */
  private static final class Constants {
    private final GraphWriter g;
    private final Map<String, String> written = new LinkedHashMap<>();

    Constants(GraphWriter g) {
      this.g = g;
    }

    String get(String name, float value) {
      return written.computeIfAbsent(
          name, n -> g.floats("const." + n, new long[0], new float[] {value}));
    }
  }

  public static final class Builder {
    private Precision precision = Precision.FP32;
    private ExportMetadata metadata;
    private ActivationRanges ranges;
    private boolean reducedRange = true;
    private Int8Layers int8Layers = Int8Layers.defaults();

    private Builder() {}

    /**
     * Which layers an int8 export quantises (default {@link Int8Layers#defaults()}); ignored for
     * fp32 and fp16.
     */
    public Builder optInt8Layers(Int8Layers int8Layers) {
      this.int8Layers = java.util.Objects.requireNonNull(int8Layers);
      return this;
    }

    /**
     * int8 weights in [-63, 63] (default true). Full range is exact only on CPUs with VNNI (or
     * ARM); on plain AVX2 ONNX Runtime's integer conv saturates. Turn off only for such targets.
     */
    public Builder optReducedRange(boolean reducedRange) {
      this.reducedRange = reducedRange;
      return this;
    }

    public Builder setPrecision(Precision precision) {
      this.precision = precision;
      return this;
    }

    public Builder optMetadata(ExportMetadata metadata) {
      this.metadata = metadata;
      return this;
    }

    /** Required for int8: see {@link ActivationCalibrator}. */
    public Builder optActivationRanges(ActivationRanges ranges) {
      this.ranges = ranges;
      return this;
    }

    public OnnxExporter build() {
      if (precision == Precision.INT8 && ranges == null) {
        throw new IllegalStateException(
            "int8 export needs activation ranges (ActivationCalibrator)");
      }
      return new OnnxExporter(this);
    }
  }
}
