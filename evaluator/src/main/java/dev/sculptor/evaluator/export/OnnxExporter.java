package dev.sculptor.evaluator.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.HeadPooling;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.network.TensorNames;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a decoded network and its parameters as an ONNX model (opset 17), one walk over the spec
 * in the order {@code DjlBlocks} builds it: batch norm folded into each conv, depthwise convs as
 * grouped {@code Conv}, residual {@code Add}, {@code GlobalAveragePool} (unless the head flattens),
 * {@code Gemm} for dense layers. A low-rank factorised layer is two nodes (two 1×1 {@code Conv} or
 * two {@code Gemm}), the first without bias, each stored and quantised as any layer. Input {@code
 * image} is float NCHW in [0, 1] (8-bit pixels / 255, as the evaluator trains), batch dimension
 * dynamic; output {@code logits}. The whole model is built in memory.
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

  public static final String INPUT = TensorNames.INPUT;
  public static final String OUTPUT = TensorNames.OUTPUT;
  public static final String NORMALISATION =
      "x = pixel / 255 (8-bit to [0, 1]), no mean or std subtracted";

  private final Precision precision;
  private final ExportMetadata metadata;
  private final ActivationRanges ranges;
  private final boolean reducedRange;
  private final Int8Layers int8Layers;
  private final List<Precision> layerPrecisions;

  private OnnxExporter(Builder b) {
    this.int8Layers = b.int8Layers;
    this.layerPrecisions = b.layerPrecisions;
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
    LayerPrecisions layers = layerPrecisions(spec);
    Map<String, String> props = metadata(spec, layers);
    ModelProto model = model(spec, weights, encodings(), layers, props, List.of());
    return new ExportedModel(model.toByteArray(), precision, props);
  }

  /**
   * The tensors an int8 export of the network at {@code precision} (or {@code layerPrecisions}, as
   * {@link Builder#optLayerPrecisions}) with the default {@link Int8Layers} quantises to uint8, by
   * their names in the graph ({@link dev.sculptor.evaluator.network.TensorNames}), in graph order;
   * none without int8 layers. What quantisation-aware training fake-quantises: read from the
   * export's own walk, so the two cannot disagree.
   */
  public static List<String> quantisedTensors(
      NetworkSpec spec,
      NetworkWeights weights,
      Precision precision,
      List<Precision> layerPrecisions) {
    NetworkCheck.check(spec, weights);
    // the walk reads a range for every tensor it quantises; names are all it is asked for here
    Map<String, ActivationRanges.Range> any = new LinkedHashMap<>();
    for (String tap : taps(spec, weights)) any.put(tap, new ActivationRanges.Range(0, 1));
    OnnxExporter exporter =
        builder()
            .setPrecision(precision)
            .optLayerPrecisions(layerPrecisions)
            .optActivationRanges(new ActivationRanges(any, "names only", 0))
            .build();
    LayerPrecisions layers = exporter.layerPrecisions(spec);
    Map<Precision, LayerEncoding> used = new EnumMap<>(Precision.class);
    Function<Precision, LayerEncoding> encodings = exporter.encodings();
    model(spec, weights, p -> used.computeIfAbsent(p, encodings), layers, Map.of(), List.of());
    return used.get(Precision.INT8) instanceof LayerEncoding.Int8Qdq int8
        ? int8.quantisedTensors()
        : List.of();
  }

  private LayerPrecisions layerPrecisions(NetworkSpec spec) {
    return layerPrecisions.isEmpty()
        ? LayerPrecisions.uniform(spec, precision, int8Layers)
        : LayerPrecisions.mixed(spec, layerPrecisions, int8Layers);
  }

  /** One instance per precision for a whole walk: the int8 one remembers what it quantised. */
  private Function<Precision, LayerEncoding> encodings() {
    Map<Precision, LayerEncoding> encodings = new EnumMap<>(Precision.class);
    return p -> encodings.computeIfAbsent(p, q -> LayerEncoding.of(q, ranges, reducedRange));
  }

  /**
   * The fp32 graph with every tensor the int8 graph quantises also exposed as an output, so a
   * calibration run can read their ranges. Not for deployment.
   */
  static CalibrationGraph calibrationGraph(NetworkSpec spec, NetworkWeights weights) {
    NetworkCheck.check(spec, weights);
    // First walk collects the tap names, the second writes them as outputs.
    List<String> taps = taps(spec, weights);
    LayerEncoding plain = new LayerEncoding.Fp32(false);
    return new CalibrationGraph(
        model(spec, weights, p -> plain, LayerPrecisions.everything(spec), Map.of(), taps)
            .toByteArray(),
        taps);
  }

  /** Every tensor any int8 export of the network can quantise. */
  private static List<String> taps(NetworkSpec spec, NetworkWeights weights) {
    LayerEncoding.Fp32 tapping = new LayerEncoding.Fp32(true);
    model(spec, weights, p -> tapping, LayerPrecisions.everything(spec), Map.of(), List.of());
    return List.copyOf(tapping.taps);
  }

  record CalibrationGraph(byte[] bytes, List<String> taps) {}

  private Map<String, String> metadata(NetworkSpec spec, LayerPrecisions layers) {
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
    boolean mixed = !layerPrecisions.isEmpty();
    if (mixed ? layers.contains(Precision.INT8) : precision == Precision.INT8) {
      m.put(
          "sculptor.int8",
          "QDQ static: int8 symmetric per-channel weights ("
              + (reducedRange ? "7-bit reduced range" : "full range")
              + "), uint8 per-tensor activations ("
              + ranges.method()
              + " over "
              + ranges.images()
              + " training images), int32 bias; "
              + (mixed
                  ? "int8 layers as sculptor.layer_precisions, residual Add and pooling "
                      + (layers.quantisedJoins() ? "int8" : "fp32")
                  : int8Layers.describe()));
      m.put(
          "sculptor.int8_training",
          md.quantisationAware()
              ? "quantisation-aware trained: the fine-tune fake-quantised the int8 layers' weights"
                  + " (per channel, batch norm folded, as stored here) and every activation"
                  + " quantised here (uint8 per tensor, at ranges it tracked; sculptor.int8 says"
                  + " which ranges are stored)"
              : "post-training quantisation");
    }
    if (mixed ? layers.contains(Precision.FP16) : precision == Precision.FP16)
      m.put("sculptor.fp16", "fp16 weights cast to fp32 at load; compute fp32");
    if (mixed) m.put("sculptor.layer_precisions", layers.describe(spec));
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

  /**
   * The one walk: the {@code i}-th conv or dense layer is written in the encoding of {@code
   * layers.at(i)}.
   */
  private static ModelProto model(
      NetworkSpec spec,
      NetworkWeights weights,
      Function<Precision, LayerEncoding> encodings,
      LayerPrecisions layers,
      Map<String, String> props,
      List<String> taps) {
    GraphWriter g = new GraphWriter("sculptor_candidate");
    g.input(
        GraphWriter.floatValue(
            INPUT,
            null,
            (long) spec.input().channels(),
            (long) spec.input().height(),
            (long) spec.input().width()));
    Constants constants = new Constants(g);
    int layer = 0;
    String x =
        conv(g, encodings.apply(layers.at(layer++)), constants, spec, spec.stem(), INPUT, weights);
    LayerEncoding joins =
        encodings.apply(layers.quantisedJoins() ? Precision.INT8 : Precision.FP32);
    LayerEncoding int8 = layers.contains(Precision.INT8) ? encodings.apply(Precision.INT8) : null;
    for (BlockLayers block : spec.blocks()) {
      String in = x;
      for (ConvLayer c : block.convs()) {
        LayerEncoding enc = encodings.apply(layers.at(layer++));
        String read =
            int8 != null && enc.precision() != Precision.INT8 ? int8.floatInput(g, x, c.in()) : x;
        x = conv(g, enc, constants, spec, c, read, weights);
      }
      if (block.residual()) {
        x =
            joins.convOutput(
                g,
                g.node(
                    "Add",
                    List.of(joins.input(g, x), joins.input(g, in)),
                    TensorNames.residual(block)));
      }
    }
    if (spec.pooling() == HeadPooling.GLOBAL_AVERAGE)
      x = joins.convOutput(g, g.node("GlobalAveragePool", List.of(x), TensorNames.POOLED));
    x = g.node("Flatten", List.of(x), TensorNames.FEATURES, GraphWriter.integer("axis", 1));
    List<DenseLayer> head = spec.head();
    for (int i = 0; i < head.size(); i++) {
      DenseLayer d = head.get(i);
      boolean last = i == head.size() - 1;
      LayerEncoding dense = encodings.apply(layers.at(layer++));
      NetworkWeights.Dense p = weights.dense(d);
      String input = dense.input(g, x);
      List<String> wb =
          dense.parameters(g, d.name(), new long[] {d.out(), d.in()}, p.weight(), p.bias(), x);
      String out = TensorNames.gemm(d, last);
      x = g.node("Gemm", inputs(input, wb), out, GraphWriter.integer("transB", 1));
      if (d.activation())
        x = activation(g, constants, spec, x, TensorNames.denseActivation(d, last));
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
    NetworkWeights.Conv p = weights.conv(c);
    // a conv without batch norm (a first low-rank factor) has no bias either
    Folded f = p.batchNorm() ? fold(p, c.out()) : new Folded(p.weight(), null);
    String input = enc.input(g, x);
    long[] dims = {c.out(), c.in() / c.groups(), c.kernel(), c.kernel()};
    List<String> wb = enc.parameters(g, c.name(), dims, f.weight(), f.bias(), x);
    int pad = c.kernel() / 2;
    String out =
        g.node(
            "Conv",
            inputs(input, wb),
            TensorNames.conv(c),
            GraphWriter.ints("kernel_shape", c.kernel(), c.kernel()),
            GraphWriter.ints("strides", c.stride(), c.stride()),
            GraphWriter.ints("pads", pad, pad, pad, pad),
            GraphWriter.ints("dilations", 1, 1),
            GraphWriter.integer("group", c.groups()));
    // int8 quantises after a ReLU (range [0, max]: twice the resolution, and ONNX Runtime folds the
    // ReLU into the integer conv); before other activations, which have no integer kernels.
    if (c.activation() && spec.activation() == dev.sculptor.core.space.Activation.RELU) {
      return enc.convOutput(g, activation(g, constants, spec, out, TensorNames.activation(c)));
    }
    out = enc.convOutput(g, out);
    return c.activation() ? activation(g, constants, spec, out, TensorNames.activation(c)) : out;
  }

  /** A node's data input followed by its weight and, where it has one, its bias. */
  private static List<String> inputs(String input, List<String> weightAndBias) {
    List<String> all = new java.util.ArrayList<>();
    all.add(input);
    all.addAll(weightAndBias);
    return all;
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
    private List<Precision> layerPrecisions = List.of();

    private Builder() {}

    /**
     * Mixed precision: one precision per conv and dense layer in network order (stem, each block's
     * convs, head), as a plan's {@code layerPrecisions}; each layer is written in its own (int8 as
     * QDQ, fp16 as half-precision initializers, fp32 plain). Empty (the default): every layer at
     * {@link #setPrecision}, with {@link #optInt8Layers}. {@code setPrecision} still names the
     * model's precision in its metadata and provenance.
     */
    public Builder optLayerPrecisions(List<Precision> layerPrecisions) {
      this.layerPrecisions = List.copyOf(layerPrecisions);
      return this;
    }

    /**
     * Which layers an int8 export quantises (default {@link Int8Layers#defaults()}); ignored for
     * fp32 and fp16. With {@link #optLayerPrecisions} only its residual-and-pooling choice counts.
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
      boolean int8 =
          layerPrecisions.isEmpty()
              ? precision == Precision.INT8
              : layerPrecisions.contains(Precision.INT8);
      if (int8 && ranges == null) {
        throw new IllegalStateException(
            "int8 export needs activation ranges (ActivationCalibrator)");
      }
      return new OnnxExporter(this);
    }
  }
}
