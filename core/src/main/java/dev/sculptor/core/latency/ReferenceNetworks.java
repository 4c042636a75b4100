package dev.sculptor.core.latency;

import dev.sculptor.core.latency.Kernel.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard ImageNet networks (224×224×3 input, 1000 classes) written out as kernel lists, so an
 * analytical model can be checked against latencies published for them. They are not Sculptor
 * {@code mobile-cnn} specs: the search space cannot express them (7×7 stems, max pooling,
 * bottlenecks with projection shortcuts). Layer lists follow the published architectures; ResNet-50
 * is the original (Caffe) variant with the stride on the first 1×1 conv of a downsampling block, as
 * in the ncnn benchmark model ({@code benchmark/resnet50.param} in Tencent/ncnn).
 */
public final class ReferenceNetworks {
  private ReferenceNetworks() {}

  /** MobileNetV1 1.0-224 (Howard et al. 2017): 569 M MACs. */
  public static List<Kernel> mobileNetV1() {
    Shapes s = new Shapes(3, 224).conv(32, 3, 2);
    int[][] layers = {
      {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}, {512, 1}, {512, 1},
      {512, 1}, {512, 1}, {1024, 2}, {1024, 1}
    };
    for (int[] l : layers) s.depthwise(3, l[1]).pointwise(l[0]);
    return s.globalPool().dense(1000).kernels();
  }

  /** MobileNetV2 1.0-224 (Sandler et al. 2018): 300 M MACs. */
  public static List<Kernel> mobileNetV2() {
    Shapes s = new Shapes(3, 224).conv(32, 3, 2);
    int[][] settings = {
      {1, 16, 1, 1},
      {6, 24, 2, 2},
      {6, 32, 3, 2},
      {6, 64, 4, 2},
      {6, 96, 3, 1},
      {6, 160, 3, 2},
      {6, 320, 1, 1}
    };
    for (int[] t : settings) {
      for (int i = 0; i < t[2]; i++) {
        int stride = i == 0 ? t[3] : 1;
        boolean residual = stride == 1 && s.c == t[1];
        if (t[0] > 1) s.pointwise(s.c * t[0]);
        s.depthwise(3, stride).pointwise(t[1]);
        if (residual) s.add();
      }
    }
    return s.pointwise(1280).globalPool().dense(1000).kernels();
  }

  /** ResNet-18 (He et al. 2016): 1.8 G MACs. */
  public static List<Kernel> resNet18() {
    Shapes s = new Shapes(3, 224).conv(64, 7, 2).maxPool(3, 2);
    int[] widths = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; stage++) {
      for (int b = 0; b < 2; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        int in = s.c;
        int h = s.h;
        s.conv(widths[stage], 3, stride).conv(widths[stage], 3, 1);
        if (stride != 1 || in != widths[stage]) s.shortcut(in, h, stride);
        s.add();
      }
    }
    return s.globalPool().dense(1000).kernels();
  }

  /** ResNet-50 v1 (He et al. 2016, stride on the first 1×1 of a downsampling block): 3.9 G MACs. */
  public static List<Kernel> resNet50() {
    Shapes s = new Shapes(3, 224).conv(64, 7, 2).maxPool(3, 2);
    int[] widths = {64, 128, 256, 512};
    int[] depths = {3, 4, 6, 3};
    for (int stage = 0; stage < 4; stage++) {
      for (int b = 0; b < depths[stage]; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        int in = s.c;
        int h = s.h;
        s.pointwise(widths[stage], stride).conv(widths[stage], 3, 1).pointwise(4 * widths[stage]);
        if (b == 0) s.shortcut(in, h, stride);
        s.add();
      }
    }
    return s.globalPool().dense(1000).kernels();
  }

  /** Tracks the running tensor shape (square) while kernels are appended; convs pad k/2. */
  private static final class Shapes {
    private final List<Kernel> kernels = new ArrayList<>();
    private int c;
    private int h;

    Shapes(int channels, int size) {
      c = channels;
      h = size;
    }

    private static int out(int h, int k, int stride) {
      return (h + 2 * (k / 2) - k) / stride + 1;
    }

    Shapes conv(int out, int k, int stride) {
      int oh = out(h, k, stride);
      kernels.add(new Kernel(k == 1 ? Kind.POINTWISE : Kind.CONV, c, out, k, stride, h, h, oh, oh));
      c = out;
      h = oh;
      return this;
    }

    Shapes pointwise(int out) {
      return conv(out, 1, 1);
    }

    Shapes pointwise(int out, int stride) {
      return conv(out, 1, stride);
    }

    Shapes depthwise(int k, int stride) {
      int oh = out(h, k, stride);
      kernels.add(new Kernel(Kind.DEPTHWISE, c, c, k, stride, h, h, oh, oh));
      h = oh;
      return this;
    }

    /**
     * The 1×1 projection of a block's input ({@code in} channels at {@code inH}) to the current
     * shape.
     */
    Shapes shortcut(int in, int inH, int stride) {
      kernels.add(new Kernel(Kind.POINTWISE, in, c, 1, stride, inH, inH, h, h));
      return this;
    }

    Shapes add() {
      kernels.add(new Kernel(Kind.ADD, c, c, 1, 1, h, h, h, h));
      return this;
    }

    Shapes maxPool(int k, int stride) {
      int oh = out(h, k, stride);
      kernels.add(new Kernel(Kind.POOL, c, c, k, stride, h, h, oh, oh));
      h = oh;
      return this;
    }

    Shapes globalPool() {
      kernels.add(new Kernel(Kind.POOL, c, c, h, 1, h, h, 1, 1));
      h = 1;
      return this;
    }

    Shapes dense(int out) {
      kernels.add(new Kernel(Kind.DENSE, c, out, 1, 1, 1, 1, 1, 1));
      c = out;
      return this;
    }

    List<Kernel> kernels() {
      return List.copyOf(kernels);
    }
  }
}
