package dev.sculptor.api.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The search spaces a job may name (built into every evaluator); datasets are in core's
 * DatasetCatalog and the team's uploads.
 */
public final class Catalog {
  public record SearchSpace(String id, String description, long smallestModelBytes) {}

  /** The licence of a built-in dataset's data. */
  public static String licence(String datasetId) {
    return switch (datasetId) {
      case "mnist-10k" -> "CC BY-SA 3.0";
      case "synthetic" -> "generated";
      default -> null;
    };
  }

  /**
   * The smallest network mobile-cnn can produce: stem of 8 channels, one conv stage of 8, no hidden
   * layer, int8 weights. Its parameters (3x3 convs 1→8 and 8→8 with batch norm, dense 8→10) at one
   * byte each are a lower bound on any deployable artifact of the space.
   */
  static final long MOBILE_CNN_SMALLEST_BYTES =
      (8 * 9 + 8 + 16) + (8 * 8 * 9 + 8 + 16) + (8 * 10 + 10);

  static final List<SearchSpace> SPACES =
      List.of(
          new SearchSpace(
              "mobile-cnn",
              "Stem conv + 1-4 stages of conv / depthwise-separable / inverted-residual blocks,"
                  + " activation relu|gelu|swish, optional hidden dense; fp32|fp16|int8 weights;"
                  + " per-layer channel pruning",
              MOBILE_CNN_SMALLEST_BYTES));

  private Catalog() {}

  public static List<SearchSpace> searchSpaces() {
    return SPACES;
  }

  public static Optional<SearchSpace> searchSpace(String id) {
    return SPACES.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
