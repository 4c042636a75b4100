package dev.sculptor.evaluator.measurement;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.data.LabeledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An exported model loaded in ONNX Runtime with all graph optimisations, a fixed number of intra-op
 * threads and one {@link ExecutionProvider} (the CPU unless asked otherwise). Owns a native
 * session: always use in try-with-resources.
 */
public final class OnnxRuntimeModel implements AutoCloseable {
  public static final String RUNTIME = "onnxruntime";
  private static final int EVAL_BATCH = 250;
  private static final String NCHWC_DOMAIN = "com.microsoft.nchwc";
  private static final Set<String> FLOAT_KERNELS =
      Set.of("Conv", "FusedConv", "NhwcFusedConv", "Gemm", "FusedGemm", "MatMul", "FusedMatMul");

  private final OrtEnvironment env;
  private final OrtSession session;
  private final InputShape input;
  private final String inputName;
  private final OrtProvenance provenance;
  private final int layoutBlock;

  private OnnxRuntimeModel(
      OrtEnvironment env,
      OrtSession session,
      InputShape input,
      OrtProvenance provenance,
      int layoutBlock)
      throws OrtException {
    this.env = env;
    this.session = session;
    this.input = input;
    this.inputName = session.getInputNames().iterator().next();
    this.provenance = provenance;
    this.layoutBlock = layoutBlock;
  }

  /**
   * Loads {@code onnx} (whose input is N×C×H×W of {@code input}) with {@code threads} intra-op
   * threads.
   */
  public static OnnxRuntimeModel load(
      byte[] onnx, InputShape input, Precision stored, int threads) {
    return load(
        onnx,
        input,
        stored,
        threads,
        OrtSession.SessionOptions.OptLevel.ALL_OPT,
        ExecutionProvider.CPU);
  }

  /** As {@link #load(byte[], InputShape, Precision, int)} on another execution provider. */
  public static OnnxRuntimeModel load(
      byte[] onnx, InputShape input, Precision stored, int threads, ExecutionProvider provider) {
    return load(onnx, input, stored, threads, OrtSession.SessionOptions.OptLevel.ALL_OPT, provider);
  }

  /**
   * As {@link #load(byte[], InputShape, Precision, int)} at another optimisation level: NO_OPT runs
   * every QuantizeLinear / DequantizeLinear literally, the reference the fused int8 kernels must
   * match.
   */
  public static OnnxRuntimeModel load(
      byte[] onnx,
      InputShape input,
      Precision stored,
      int threads,
      OrtSession.SessionOptions.OptLevel level) {
    return load(onnx, input, stored, threads, level, ExecutionProvider.CPU);
  }

  private static OnnxRuntimeModel load(
      byte[] onnx,
      InputShape input,
      Precision stored,
      int threads,
      OrtSession.SessionOptions.OptLevel level,
      ExecutionProvider provider) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Path optimised = null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(level);
      provider.addTo(options);
      // ORT warns on every load that the optimised graph it writes is hardware-specific: we know,
      // it is only read.
      options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      // The optimised graph is read back only to see which kernels run; it is hardware-specific and
      // never shipped.
      optimised = Files.createTempFile("sculptor-ort-", ".onnx");
      options.setOptimizedModelFilePath(optimised.toString());
      OrtSession session = env.createSession(onnx, options);
      OnnxMl.ModelProto graph = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(optimised));
      Map<String, Integer> kernels = kernels(graph);
      OrtProvenance provenance =
          new OrtProvenance(
              RUNTIME,
              env.getVersion(),
              provider,
              stored,
              computed(kernels),
              threads,
              level.name(),
              kernels);
      return new OnnxRuntimeModel(env, session, input, provenance, layoutBlock(graph));
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime could not load the model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (optimised != null) {
        try {
          Files.deleteIfExists(optimised);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /**
   * The image shape an exported model declares for its input (N×C×H×W, N free): what a model is
   * timed with where the dataset it learned from is not at hand.
   */
  public static InputShape declaredInput(byte[] onnx) {
    try {
      var dims =
          OnnxMl.ModelProto.parseFrom(onnx)
              .getGraph()
              .getInput(0)
              .getType()
              .getTensorType()
              .getShape()
              .getDimList();
      if (dims.size() != 4 || dims.stream().skip(1).anyMatch(d -> !d.hasDimValue()))
        throw new IllegalArgumentException("the model's input is not an N×C×H×W image: " + dims);
      return new InputShape(
          (int) dims.get(1).getDimValue(),
          (int) dims.get(2).getDimValue(),
          (int) dims.get(3).getDimValue());
    } catch (IOException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not an ONNX model with an input: " + e.getMessage(), e);
    }
  }

  public OrtProvenance provenance() {
    return provenance;
  }

  /**
   * The channel block of ONNX Runtime's blocked (NCHWc) layout on this CPU, as far as this model
   * shows it: the greatest common divisor of the (padded) filter counts of its blocked
   * convolutions; 0 when it has none. Over many models it is the block itself.
   */
  public int layoutBlock() {
    return layoutBlock;
  }

  public InputShape input() {
    return input;
  }

  /** Logits of {@code batch} images (NCHW floats), row-major batch × classes. */
  public float[] logits(float[] pixels, int batch) {
    long[] shape = {batch, input.channels(), input.height(), input.width()};
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape);
        OrtSession.Result result = session.run(Map.of(inputName, x))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] logits = new float[out.remaining()];
      out.get(logits);
      return logits;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
    }
  }

  /** Predicted class of every example, in batches. */
  public int[] predict(LabeledImages data) {
    int[] predicted = new int[data.size()];
    for (int start = 0; start < data.size(); start += EVAL_BATCH) {
      int b = Math.min(EVAL_BATCH, data.size() - start);
      float[] logits = logits(data.images(start, b), b);
      int classes = logits.length / b;
      for (int k = 0; k < b; k++) predicted[start + k] = argMax(logits, k * classes, classes);
    }
    return predicted;
  }

  public double accuracy(LabeledImages data) {
    int[] predicted = predict(data);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) if (predicted[i] == data.labels()[i]) correct++;
    return data.size() == 0 ? 0 : (double) correct / data.size();
  }

  static int argMax(float[] values, int offset, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) if (values[offset + i] > values[offset + best]) best = i;
    return best;
  }

  private static int layoutBlock(OnnxMl.ModelProto model) {
    Map<String, Long> filters = new HashMap<>();
    for (OnnxMl.TensorProto t : model.getGraph().getInitializerList())
      if (t.getDimsCount() == 4) filters.put(t.getName(), t.getDims(0));
    int block = 0;
    for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
      if (n.getDomain().equals(NCHWC_DOMAIN) && n.getOpType().equals("Conv")) {
        Long count = n.getInputCount() > 1 ? filters.get(n.getInput(1)) : null;
        if (count != null) block = commonLayoutBlock(block, count.intValue());
      }
    }
    return block;
  }

  /** The block two {@link #layoutBlock()}s share (their greatest common divisor; 0 for none). */
  public static int commonLayoutBlock(int a, int b) {
    return BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).intValue();
  }

  private static Map<String, Integer> kernels(OnnxMl.ModelProto model) {
    Map<String, Integer> counts = new TreeMap<>();
    for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
      String key = n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  /** Integer kernels are the Q-prefixed and *Integer ops ONNX Runtime fuses QDQ patterns into. */
  static ComputePrecision computed(Map<String, Integer> kernels) {
    boolean integer = false;
    boolean floating = false;
    for (String key : kernels.keySet()) {
      String op = key.substring(key.indexOf(':') + 1);
      if (op.startsWith("QLinear")
          || op.equals("QGemm")
          || op.endsWith("Integer")
          || op.contains("IntegerTo")) integer = true;
      if (FLOAT_KERNELS.contains(op)) floating = true;
    }
    if (integer) return floating ? ComputePrecision.INT8_AND_FP32 : ComputePrecision.INT8;
    return ComputePrecision.FP32;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime session did not close: " + e.getMessage(), e);
    }
  }
}
