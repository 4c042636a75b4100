package dev.sculptor.evaluator.network;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.HeadPooling;
import java.util.List;
import java.util.Locale;

/**
 * Turns a decoded {@link NetworkSpec} into DJL blocks, one loop over the spec. The parameter order
 * of the result follows the spec's layer order (see {@link ParameterLayout}). After every tensor
 * the int8 export can quantise sits an {@link ActivationQuantiser} of that tensor's name, which
 * does nothing unless quantisation-aware training starts it.
 */
public final class DjlBlocks {
  private DjlBlocks() {}

  public static Block build(NetworkSpec spec) {
    SequentialBlock net = new SequentialBlock();
    net.add(new ActivationQuantiser(TensorNames.INPUT));
    addConv(net, spec.stem(), spec);
    for (BlockLayers block : spec.blocks()) {
      SequentialBlock body = new SequentialBlock();
      block.convs().forEach(c -> addConv(body, c, spec));
      if (block.residual()) {
        net.add(
            new ParallelBlock(
                outputs ->
                    new NDList(
                        outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(body, Blocks.identityBlock())));
        net.add(new ActivationQuantiser(TensorNames.residual(block)));
      } else {
        net.add(body);
      }
    }
    if (spec.pooling() == HeadPooling.GLOBAL_AVERAGE) {
      net.add(Pool.globalAvgPool2dBlock());
      net.add(new ActivationQuantiser(TensorNames.POOLED));
    }
    net.add(Blocks.batchFlattenBlock());
    net.add(new ActivationQuantiser(TensorNames.FEATURES));
    List<DenseLayer> head = spec.head();
    for (int i = 0; i < head.size(); i++) {
      DenseLayer dense = head.get(i);
      boolean last = i == head.size() - 1;
      net.add(Linear.builder().setUnits(dense.out()).optBias(dense.bias()).build());
      if (!last) net.add(new ActivationQuantiser(TensorNames.gemm(dense, false)));
      if (dense.activation()) {
        net.add(activation(spec));
        if (!last) net.add(new ActivationQuantiser(TensorNames.denseActivation(dense, false)));
      }
    }
    return net;
  }

  private static void addConv(SequentialBlock net, ConvLayer c, NetworkSpec spec) {
    int pad = c.kernel() / 2;
    net.add(
        Conv2d.builder()
            .setKernelShape(new Shape(c.kernel(), c.kernel()))
            .optStride(new Shape(c.stride(), c.stride()))
            .optPadding(new Shape(pad, pad))
            .optGroups(c.groups())
            .setFilters(c.out())
            .optBias(false)
            .build());
    // the first factor of a low-rank factorised conv is linear: batch norm follows its second
    if (c.batchNorm()) net.add(BatchNorm.builder().build());
    net.add(new ActivationQuantiser(TensorNames.conv(c)));
    if (c.activation()) {
      net.add(activation(spec));
      net.add(new ActivationQuantiser(TensorNames.activation(c)));
    }
  }

  private static Block activation(NetworkSpec spec) {
    return switch (spec.activation()) {
      case RELU -> Activation.reluBlock();
      case GELU -> Activation.geluBlock();
      case SWISH -> GraphScalars.swishBlock();
    };
  }

  /**
   * DJL's sequential block, except that quantisation points take no number in their siblings'
   * names. DJL names a child {@code <position><class>} and its parameters after it, so without this
   * every parameter's name would shift with the points before it, and the network's parameter names
   * (in its model archive's manifest) would differ from those it had before the points existed.
   * Named as DJL's class because a parent names its children after their class.
   */
  private static final class SequentialBlock extends ai.djl.nn.SequentialBlock {
    private int numbered;

    @Override
    public SequentialBlock add(Block block) {
      if (block instanceof ActivationQuantiser q) {
        children.add("quantiser:" + q.tensor(), q);
      } else {
        numbered++;
        children.add(
            String.format(Locale.ROOT, "%02d%s", numbered, block.getClass().getSimpleName()),
            block);
      }
      return this;
    }
  }
}
