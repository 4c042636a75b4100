package dev.sculptor.core.network;

import dev.sculptor.core.space.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A decoded network: stem, blocks, head, with every shape known, so params, MACs and peak
 * activation memory are computed here, before any framework builds it.
 */
public record NetworkSpec(
    InputShape input,
    ConvLayer stem,
    List<BlockLayers> blocks,
    List<DenseLayer> head,
    Activation activation,
    int classes) {

  public NetworkSpec {
    blocks = List.copyOf(blocks);
    head = List.copyOf(head);
  }

  public Stream<ConvLayer> convs() {
    return Stream.concat(Stream.of(stem), blocks.stream().flatMap(b -> b.convs().stream()));
  }

  public long params() {
    return convs().mapToLong(ConvLayer::params).sum()
        + head.stream().mapToLong(DenseLayer::params).sum();
  }

  public long macs() {
    return convs().mapToLong(ConvLayer::macs).sum()
        + head.stream().mapToLong(DenseLayer::macs).sum();
  }

  /** Largest input+output activation of any layer at batch 1, fp32, in bytes. */
  public long peakActivationBytes() {
    long conv = convs().mapToLong(ConvLayer::activationElements).max().orElse(0);
    long dense = head.stream().mapToLong(d -> (long) d.in() + d.out()).max().orElse(0);
    return 4 * Math.max(conv, dense);
  }

  /** The layers a compression plan's pruning ratios apply to, in order. */
  public List<PrunableLayer> prunableLayers() {
    List<PrunableLayer> layers = new ArrayList<>();
    convs()
        .filter(ConvLayer::prunable)
        .forEach(
            c ->
                layers.add(
                    new PrunableLayer(
                        layers.size(),
                        c.name(),
                        c.kernel() == 1 ? "pointwise" : "conv",
                        c.out(),
                        c.kernel(),
                        c.stride(),
                        c.macs())));
    return layers;
  }
}
