package dev.sculptor.api.dataset;

import dev.sculptor.core.dataset.DatasetInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A dataset a job may name: built into every evaluator, or uploaded by the caller's team. */
@Schema(name = "Dataset")
public record DatasetView(
    @Schema(
            description = "The id a job names in `dataset`",
            example = "ds-3f0c2a4e-8d7b-4f0e-9a51-0c6f8e2d1b77")
        String id,
    @Schema(
            description = "built-in | uploaded",
            enumeration = {"built-in", "uploaded"})
        String source,
    String name,
    String description,
    @Schema(description = "Number of classes") int classes,
    @Schema(description = "Class names in label order") List<String> classNames,
    @Schema(description = "Channels × height × width of one image", example = "3x32x32")
        String inputShape,
    Shape shape,
    int trainExamples,
    int validationExamples,
    int testExamples,
    @Schema(
            description =
                "Examples per class in each split (train, validation, test); null for built-ins")
        Map<String, List<Integer>> countsPerClass,
    @Schema(description = "Each class's share of all examples; null for built-ins")
        List<Double> classBalance,
    @Schema(description = "Upload format: idx, npz or image-zip; null for built-ins") String format,
    @Schema(description = "Size of the stored dataset file") Long bytes,
    @Schema(description = "sha256 of the stored dataset file") String sha256,
    String licence,
    Instant createdAt) {

  public record Shape(int channels, int height, int width) {}

  static DatasetView builtIn(DatasetInfo d, String licence) {
    return new DatasetView(
        d.id(),
        "built-in",
        d.id(),
        d.description(),
        d.classes(),
        d.classNames(),
        shapeText(d),
        new Shape(d.shape().channels(), d.shape().height(), d.shape().width()),
        d.trainExamples(),
        d.validationExamples(),
        d.testExamples(),
        null,
        null,
        null,
        null,
        null,
        licence,
        null);
  }

  static String shapeText(DatasetInfo d) {
    return d.shape().channels() + "x" + d.shape().height() + "x" + d.shape().width();
  }
}
