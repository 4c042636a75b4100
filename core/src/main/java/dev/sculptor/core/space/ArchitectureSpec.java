package dev.sculptor.core.space;

import java.util.List;

/** Stem conv 3x3 → stages → global average pool → optional hidden dense → classes. */
public record ArchitectureSpec(
    int stemWidth, List<StageSpec> stages, Activation activation, int headHidden) {

  public ArchitectureSpec {
    stages = List.copyOf(stages);
  }
}
