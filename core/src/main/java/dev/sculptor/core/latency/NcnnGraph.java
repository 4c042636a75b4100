package dev.sculptor.core.latency;

import dev.sculptor.core.latency.Kernel.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernels of a network as ncnn runs it, read from the network's ncnn {@code .param} file (the
 * text graph ncnn's benchmark loads), so a model anchored to ncnn's published latencies counts the
 * kernels that were timed, not a transcription of a paper.
 *
 * <p>Every layer that computes is one kernel, with the same kinds as {@link Kernel#of}: a
 * convolution with its fused activation, a depthwise convolution, an inner product, an element-wise
 * operation of two tensors ({@link Kind#ADD}), a pooling or reduction ({@link Kind#POOL}), an
 * activation or normalisation that runs as a layer of its own ({@link Kind#ACTIVATION}), and the
 * copies ncnn makes to concatenate, slice, shuffle or pad tensors ({@link Kind#REORDER}). Layers
 * that only name memory (Input, MemoryData, Split, Dropout, Reshape, Flatten) are none. A grouped
 * convolution other than a depthwise one is a kernel per group, as ncnn runs it.
 */
public final class NcnnGraph {
  private NcnnGraph() {}

  /**
   * The kernels of the committed graph {@code latency/ncnn/NAME.param} (copied from Tencent/ncnn's
   * {@code benchmark/} folder; see that folder's README).
   */
  public static List<Kernel> read(String name) {
    return READ.computeIfAbsent(name, NcnnGraph::load);
  }

  private static final Map<String, List<Kernel>> READ = new ConcurrentHashMap<>();

  private static List<Kernel> load(String name) {
    String resource = "/latency/ncnn/" + name + ".param";
    try (InputStream in = NcnnGraph.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no ncnn graph " + resource);
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A blob's shape: channels × height × width (a vector is channels × 1 × 1). */
  record Shape(int c, int h, int w) {
    long elements() {
      return (long) c * h * w;
    }
  }

  /** One layer of the graph: its type, name, input and output blobs and its parameters. */
  record Layer(
      String type, String name, List<String> inputs, List<String> outputs, Map<Integer, String> p) {
    int i(int key, int fallback) {
      String v = p.get(key);
      return v == null ? fallback : Integer.parseInt(v);
    }
  }

  /** Kernels of a graph in the ncnn param format (magic number, counts, one layer per line). */
  public static List<Kernel> parse(String param) {
    return walk(param).kernels();
  }

  /** The kernels and the shape ncnn would give each blob. */
  record Walk(List<Kernel> kernels, Map<String, Shape> shapes) {}

  static Walk walk(String param) {
    String[] lines = param.strip().split("\\R");
    if (!lines[0].strip().equals("7767517"))
      throw new IllegalArgumentException("not an ncnn param file (magic " + lines[0] + ")");
    Map<String, Shape> shapes = new HashMap<>();
    List<Kernel> kernels = new ArrayList<>();
    for (int n = 2; n < lines.length; n++) {
      if (lines[n].isBlank()) continue;
      Layer layer = layer(lines[n]);
      try {
        add(layer, shapes, kernels);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "ncnn layer " + layer.type() + " " + layer.name() + ": " + e.getMessage(), e);
      }
    }
    return new Walk(List.copyOf(kernels), Map.copyOf(shapes));
  }

  private static Layer layer(String line) {
    String[] t = line.strip().split("\\s+");
    int ins = Integer.parseInt(t[2]);
    int outs = Integer.parseInt(t[3]);
    List<String> inputs = List.of(t).subList(4, 4 + ins);
    List<String> outputs = List.of(t).subList(4 + ins, 4 + ins + outs);
    Map<Integer, String> p = new HashMap<>();
    for (int k = 4 + ins + outs; k < t.length; k++) {
      int eq = t[k].indexOf('=');
      p.put(Integer.parseInt(t[k].substring(0, eq)), t[k].substring(eq + 1));
    }
    return new Layer(t[0], t[1], inputs, outputs, p);
  }

  private static void add(Layer l, Map<String, Shape> shapes, List<Kernel> kernels) {
    if (l.type().equals("Input") || l.type().equals("MemoryData")) {
      int w = l.i(0, 1);
      int h = l.i(1, 0);
      int c = l.i(2, 0);
      put(
          l,
          shapes,
          h == 0 && c == 0 ? new Shape(w, 1, 1) : new Shape(Math.max(c, 1), Math.max(h, 1), w));
      return;
    }
    Shape in = shape(shapes, l.inputs().getFirst());
    switch (l.type()) {
      case "Split", "Dropout", "Noop" -> put(l, shapes, in);
      case "Reshape", "Flatten" -> put(l, shapes, new Shape((int) in.elements(), 1, 1));
      case "Convolution", "ConvolutionDepthWise" -> put(l, shapes, conv(l, in, kernels));
      case "Pooling" -> put(l, shapes, pool(l, in, kernels));
      case "Reduction" -> {
        // the squeeze of a squeeze-and-excitation block: a mean over height and width
        kernels.add(new Kernel(Kind.POOL, in.c(), in.c(), in.h(), 1, in.h(), in.w(), 1, 1));
        put(l, shapes, new Shape(in.c(), 1, 1));
      }
      case "InnerProduct" -> {
        int out = l.i(0, 0);
        long weights = l.i(2, 0);
        if (weights != out * in.elements())
          throw new IllegalArgumentException(weights + " weights for " + in + " → " + out);
        kernels.add(new Kernel(Kind.DENSE, (int) in.elements(), out, 1, 1, 1, 1, 1, 1));
        put(l, shapes, new Shape(out, 1, 1));
      }
      case "Eltwise", "BinaryOp" -> {
        if (l.inputs().size() == 1) {
          kernels.add(elementWise(Kind.ACTIVATION, in));
          put(l, shapes, in);
        } else {
          // the larger operand sets the output (a squeeze-and-excitation scale broadcasts a vector)
          Shape out = in;
          for (String b : l.inputs())
            if (shape(shapes, b).elements() > out.elements()) out = shape(shapes, b);
          kernels.add(elementWise(Kind.ADD, out));
          put(l, shapes, out);
        }
      }
      case "ReLU",
          "ReLU6",
          "Clip",
          "Sigmoid",
          "HardSigmoid",
          "Swish",
          "HardSwish",
          "TanH",
          "PReLU",
          "BatchNorm",
          "Scale",
          "LRN",
          "Softmax" -> {
        kernels.add(elementWise(Kind.ACTIVATION, in));
        put(l, shapes, in);
      }
      case "ShuffleChannel" -> {
        kernels.add(elementWise(Kind.REORDER, in));
        put(l, shapes, in);
      }
      case "Concat" -> {
        if (l.i(0, 0) != 0) throw new IllegalArgumentException("only channel concatenation");
        int c = 0;
        for (String b : l.inputs()) c += shape(shapes, b).c();
        Shape out = new Shape(c, in.h(), in.w());
        kernels.add(elementWise(Kind.REORDER, out));
        put(l, shapes, out);
      }
      case "Slice" -> {
        if (l.i(1, 0) != 0) throw new IllegalArgumentException("only channel slices");
        kernels.add(elementWise(Kind.REORDER, in));
        List<Integer> slices = intArray(l.p().get(-23300));
        int left = in.c();
        int open = 0;
        for (int s : slices) {
          if (s == -233) open++;
          else left -= s;
        }
        for (int k = 0; k < l.outputs().size(); k++) {
          int c = slices.get(k) == -233 ? left / open : slices.get(k);
          shapes.put(l.outputs().get(k), new Shape(c, in.h(), in.w()));
        }
      }
      case "Padding" -> {
        Shape out =
            new Shape(
                in.c() + l.i(7, 0) + l.i(8, 0),
                in.h() + l.i(0, 0) + l.i(1, 0),
                in.w() + l.i(2, 0) + l.i(3, 0));
        kernels.add(
            new Kernel(Kind.REORDER, in.c(), out.c(), 1, 1, in.h(), in.w(), out.h(), out.w()));
        put(l, shapes, out);
      }
      default -> throw new IllegalArgumentException("layer type not modelled");
    }
  }

  private static Shape conv(Layer l, Shape in, List<Kernel> kernels) {
    int out = l.i(0, 0);
    int k = l.i(1, 0);
    if (l.i(11, k) != k) throw new IllegalArgumentException("only square kernels");
    if (l.i(2, 1) != 1) throw new IllegalArgumentException("no dilated convolutions");
    int stride = l.i(3, 1);
    if (l.i(13, stride) != stride) throw new IllegalArgumentException("only square strides");
    int groups = l.type().equals("ConvolutionDepthWise") ? l.i(7, 1) : 1;
    boolean depthwise = groups > 1 && groups == in.c() && groups == out;
    if (in.c() % groups != 0 || out % groups != 0)
      throw new IllegalArgumentException(groups + " groups for " + in.c() + " → " + out);
    long weights = l.i(6, 0);
    long expected = (long) out * (in.c() / groups) * k * k;
    if (weights != expected)
      throw new IllegalArgumentException(weights + " weights, " + expected + " for " + in);
    int oh = outSize(in.h(), k, stride, l.i(14, l.i(4, 0)), l.i(16, l.i(14, l.i(4, 0))));
    int ow = outSize(in.w(), k, stride, l.i(4, 0), l.i(15, l.i(4, 0)));
    if (depthwise) {
      kernels.add(new Kernel(Kind.DEPTHWISE, in.c(), out, k, stride, in.h(), in.w(), oh, ow));
    } else {
      // ncnn runs a grouped convolution as one convolution per group, one after another
      Kind kind = k == 1 ? Kind.POINTWISE : Kind.CONV;
      for (int g = 0; g < groups; g++)
        kernels.add(
            new Kernel(kind, in.c() / groups, out / groups, k, stride, in.h(), in.w(), oh, ow));
    }
    return new Shape(out, oh, ow);
  }

  /**
   * A convolution's output size; a pad of -233 or -234 pads to keep {@code ceil(size / stride)}.
   */
  private static int outSize(int size, int k, int stride, int padBefore, int padAfter) {
    if (padBefore <= -233) return (size + stride - 1) / stride;
    return (size + padBefore + padAfter - k) / stride + 1;
  }

  private static Shape pool(Layer l, Shape in, List<Kernel> kernels) {
    if (l.i(4, 0) == 1) {
      kernels.add(new Kernel(Kind.POOL, in.c(), in.c(), in.h(), 1, in.h(), in.w(), 1, 1));
      return new Shape(in.c(), 1, 1);
    }
    int k = l.i(1, 0);
    if (l.i(11, k) != k) throw new IllegalArgumentException("only square windows");
    int stride = l.i(2, 1);
    int left = l.i(3, 0);
    int top = l.i(13, left);
    int right = l.i(14, left);
    int bottom = l.i(15, top);
    int mode = l.i(5, 0);
    int oh = poolSize(in.h(), k, stride, top + bottom, mode);
    int ow = poolSize(in.w(), k, stride, left + right, mode);
    kernels.add(new Kernel(Kind.POOL, in.c(), in.c(), k, stride, in.h(), in.w(), oh, ow));
    return new Shape(in.c(), oh, ow);
  }

  /**
   * ncnn's pooling output size: pad mode 0 rounds up (Caffe's "full" padding), 1 rounds down, 2 and
   * 3 keep {@code ceil(size / stride)}.
   */
  private static int poolSize(int size, int k, int stride, int pads, int mode) {
    return switch (mode) {
      case 0 -> (size + pads - k + stride - 1) / stride + 1;
      case 1 -> (size + pads - k) / stride + 1;
      default -> (size + stride - 1) / stride;
    };
  }

  private static Kernel elementWise(Kind kind, Shape s) {
    return new Kernel(kind, s.c(), s.c(), 1, 1, s.h(), s.w(), s.h(), s.w());
  }

  private static List<Integer> intArray(String value) {
    String[] v = value.split(",");
    List<Integer> values = new ArrayList<>();
    for (int k = 1; k <= Integer.parseInt(v[0]); k++) values.add(Integer.parseInt(v[k]));
    return values;
  }

  private static Shape shape(Map<String, Shape> shapes, String blob) {
    Shape s = shapes.get(blob);
    if (s == null) throw new IllegalArgumentException("blob " + blob + " read before it is made");
    return s;
  }

  private static void put(Layer l, Map<String, Shape> shapes, Shape s) {
    for (String out : l.outputs()) shapes.put(out, s);
  }
}
