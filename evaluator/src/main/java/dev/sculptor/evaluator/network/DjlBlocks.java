package dev.sculptor.evaluator.network;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import java.util.List;

/**
 * Turns a decoded {@link NetworkSpec} into DJL blocks, one loop over the spec. The parameter order
 * of the result follows the spec's layer order (see {@link ParameterLayout}).
 */
public final class DjlBlocks {
  private DjlBlocks() {}

  public static Block build(NetworkSpec spec) {
    SequentialBlock net = new SequentialBlock();
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
      } else {
        net.add(body);
      }
    }
    net.add(Pool.globalAvgPool2dBlock());
    net.add(Blocks.batchFlattenBlock());
    for (DenseLayer dense : spec.head()) {
      net.add(Linear.builder().setUnits(dense.out()).optBias(dense.bias()).build());
      if (dense.activation()) net.add(activation(spec));
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
    if (c.activation()) net.add(activation(spec));
  }

  private static Block activation(NetworkSpec spec) {
    return switch (spec.activation()) {
      case RELU -> Activation.reluBlock();
      case GELU -> Activation.geluBlock();
      case SWISH -> Activation.swishBlock(1f);
    };
  }
}
