package dev.sculptor.core.network;

import dev.sculptor.core.space.BlockType;
import java.util.List;

/**
 * One block: its name ({@code s<stage>.b<n>}, the prefix of its convs' names), the stage it belongs
 * to (counted from 1), its convs in order, and whether its input is added to its output.
 */
public record BlockLayers(
    String name, int stage, BlockType type, List<ConvLayer> convs, boolean residual) {
  public BlockLayers {
    convs = List.copyOf(convs);
  }

  public int outChannels() {
    return convs.getLast().out();
  }
}
