package dev.sculptor.core.network;

import dev.sculptor.core.space.BlockType;
import java.util.List;

/** The convs of one block in order, and whether its input is added to its output. */
public record BlockLayers(BlockType type, List<ConvLayer> convs, boolean residual) {
  public BlockLayers {
    convs = List.copyOf(convs);
  }

  public int outChannels() {
    return convs.getLast().out();
  }
}
