package dev.sculptor.core.latency;

import dev.sculptor.core.latency.Kernel.Kind;
import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.HeadPooling;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels ONNX Runtime's CPU provider runs for a network on x86, worked out from the network
 * alone: which convolutions it moves to its blocked channel layout (NCHWc, channels padded to a
 * multiple of the block), the layout reorders it inserts between them, and the residual additions
 * it fuses into a convolution. A network's small kernels cost about as much as its large ones, so a
 * latency model has to count the kernels that really run.
 *
 * <p>The rules were read off ONNX Runtime's optimised graphs and profiles of random networks of the
 * search space ({@code bench/latency/KernelProfile.java}): a convolution goes blocked when its
 * input channels are a multiple of 4, or (not depthwise) fewer than the block, in which case it
 * reads the plain layout directly; a global pooling goes blocked when its input is blocked and its
 * channels fill whole blocks; a residual addition is fused into the convolution that produced one
 * operand when no separate activation comes between them and both operands were produced in that
 * convolution's layout. The block was 16 channels on the AVX-512 CPU the rules were read on (MLAS
 * uses 8 with AVX2); 1 means no blocked layout.
 */
public final class OnnxRuntimeCpuPlan {
  /**
   * One kernel as ONNX Runtime runs it, the layout it writes ({@code blocked}) and the one it
   * reads; channels in the blocked layout are padded to the block. Only a reorder and a blocked
   * convolution with few input channels read another layout than they write.
   */
  public record Step(Kernel kernel, boolean blocked, boolean blockedInput) {
    Step(Kernel kernel, boolean blocked) {
      this(kernel, blocked, blocked);
    }
  }

  private OnnxRuntimeCpuPlan() {}

  public static List<Step> of(NetworkSpec net, int block) {
    return new Planner(net, block).plan();
  }

  /**
   * A tensor, the layout it was produced in, and the layouts it is available in so far (a reorder
   * makes a copy; a residual addition still reads the tensor as produced).
   */
  private static final class Tensor {
    final int channels;
    final int height;
    final int width;
    final boolean producedBlocked;
    boolean blocked;
    boolean plain;

    Tensor(int channels, int height, int width, boolean blocked) {
      this.channels = channels;
      this.height = height;
      this.width = width;
      this.producedBlocked = blocked;
      this.blocked = blocked;
      this.plain = !blocked;
    }
  }

  private static final class Planner {
    private final NetworkSpec net;
    private final int block;
    private final boolean fusedActivation;
    private final List<Step> steps = new ArrayList<>();

    Planner(NetworkSpec net, int block) {
      this.net = net;
      this.block = block;
      this.fusedActivation = net.activation() == null || net.activation() == Activation.RELU;
    }

    List<Step> plan() {
      Tensor x =
          new Tensor(net.input().channels(), net.input().height(), net.input().width(), false);
      x = conv(net.stem(), x);
      for (BlockLayers b : net.blocks()) {
        Tensor skip = x;
        for (ConvLayer c : b.convs()) x = conv(c, x);
        if (b.residual()) x = add(skip, x, b.convs().getLast().activation());
      }
      if (net.pooling() == HeadPooling.GLOBAL_AVERAGE) pool(x);
      else toPlain(x); // a flatten reads the plain layout
      for (DenseLayer d : net.head()) {
        steps.add(new Step(new Kernel(Kind.DENSE, d.in(), d.out(), 1, 1, 1, 1, 1, 1), false));
        if (d.activation() && !fusedActivation) {
          steps.add(
              new Step(new Kernel(Kind.ACTIVATION, d.out(), d.out(), 1, 1, 1, 1, 1, 1), false));
        }
      }
      return List.copyOf(steps);
    }

    private Tensor conv(ConvLayer c, Tensor x) {
      boolean blocked = block > 1 && (c.in() % 4 == 0 || (!c.depthwise() && c.in() < block));
      boolean blockedInput = blocked && (c.depthwise() || c.in() >= block);
      if (blockedInput) toBlocked(x);
      else toPlain(x);
      Kernel k = Kernel.of(c);
      int in = blockedInput ? pad(c.in()) : c.in();
      int out = blocked ? pad(c.out()) : c.out();
      steps.add(
          new Step(
              new Kernel(
                  k.kind(),
                  in,
                  out,
                  c.kernel(),
                  c.stride(),
                  c.inHeight(),
                  c.inWidth(),
                  c.outHeight(),
                  c.outWidth()),
              blocked,
              blockedInput));
      Tensor y = new Tensor(c.out(), c.outHeight(), c.outWidth(), blocked);
      if (c.activation() && !fusedActivation) element(Kind.ACTIVATION, y, blocked);
      return y;
    }

    /**
     * A convolution adds another tensor to its output itself when nothing comes between it and the
     * addition and both are in its layout.
     */
    private Tensor add(Tensor skip, Tensor y, boolean afterActivation) {
      if (skip.producedBlocked && y.producedBlocked) {
        if (afterActivation) element(Kind.ADD, y, true);
        return new Tensor(y.channels, y.height, y.width, true);
      }
      toPlain(skip);
      toPlain(y);
      if (y.producedBlocked || afterActivation) element(Kind.ADD, y, false);
      return new Tensor(y.channels, y.height, y.width, false);
    }

    private void pool(Tensor x) {
      boolean blocked = x.blocked && x.channels % block == 0;
      if (!blocked) toPlain(x);
      int c = blocked ? pad(x.channels) : x.channels;
      steps.add(
          new Step(new Kernel(Kind.POOL, c, c, x.height, 1, x.height, x.width, 1, 1), blocked));
      if (blocked) steps.add(new Step(reorder(c, 1, 1), false, true));
    }

    private void element(Kind kind, Tensor t, boolean blocked) {
      int c = blocked ? pad(t.channels) : t.channels;
      steps.add(
          new Step(new Kernel(kind, c, c, 1, 1, t.height, t.width, t.height, t.width), blocked));
    }

    private void toBlocked(Tensor t) {
      if (t.blocked) return;
      steps.add(new Step(reorder(pad(t.channels), t.height, t.width), true, false));
      t.blocked = true;
    }

    private void toPlain(Tensor t) {
      if (t.plain) return;
      steps.add(new Step(reorder(pad(t.channels), t.height, t.width), false, true));
      t.plain = true;
    }

    private static Kernel reorder(int channels, int h, int w) {
      return new Kernel(Kind.REORDER, channels, channels, 1, 1, h, w, h, w);
    }

    private int pad(int channels) {
      return (channels + block - 1) / block * block;
    }
  }
}
