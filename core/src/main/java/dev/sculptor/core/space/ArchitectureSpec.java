package dev.sculptor.core.space;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/**
 * Stem conv 3x3 → stages → global average pool, or a flatten ({@link HeadPooling}) → optional
 * hidden dense → classes.
 *
 * @param headPooling how the head reads the last feature map; null (left out of the JSON) means
 *     {@link HeadPooling#GLOBAL_AVERAGE}, so architectures written before the choice existed keep
 *     their fingerprints and read back unchanged
 */
public record ArchitectureSpec(
    int stemWidth,
    List<StageSpec> stages,
    Activation activation,
    int headHidden,
    @JsonInclude(Include.NON_NULL) HeadPooling headPooling) {

  public ArchitectureSpec {
    stages = List.copyOf(stages);
    headPooling = headPooling == HeadPooling.FLATTEN ? HeadPooling.FLATTEN : null;
  }

  /** A head that global-average-pools the last feature map. */
  public ArchitectureSpec(
      int stemWidth, List<StageSpec> stages, Activation activation, int headHidden) {
    this(stemWidth, stages, activation, headHidden, null);
  }

  /** How the head reads the last feature map, never null. */
  @JsonIgnore
  public HeadPooling pooling() {
    return headPooling == null ? HeadPooling.GLOBAL_AVERAGE : headPooling;
  }
}
