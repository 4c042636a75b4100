package dev.sculptor.evaluator.data;

/**
 * A dataset's three splits: train for training, validation during search, test for the final front.
 */
public record DatasetSplits(
    String id, LabeledImages train, LabeledImages validation, LabeledImages test) {

  public LabeledImages split(String name) {
    return switch (name == null ? "validation" : name) {
      case "test" -> test;
      case "train" -> train;
      default -> validation;
    };
  }
}
