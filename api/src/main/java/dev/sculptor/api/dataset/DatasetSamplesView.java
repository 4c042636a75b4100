package dev.sculptor.api.dataset;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A few training images of each class of an uploaded dataset, as small base64 PNGs. */
@Schema(name = "DatasetSamples")
public record DatasetSamplesView(
    @Schema(description = "The dataset's id") String id,
    @Schema(description = "Channels × height × width of one stored image", example = "3x32x32")
        String inputShape,
    @Schema(
            description =
                "Images per class asked for, lowered when the dataset has so many classes that the"
                    + " answer would pass its bound on images")
        int perClass,
    @Schema(
            description = "The split the images come from",
            enumeration = {"train"})
        String split,
    @Schema(description = "Media type of every image", example = "image/png") String mediaType,
    @Schema(description = "One entry per class, in label order") List<ClassSamples> classes) {

  /**
   * One class's samples; {@code trainExamples} is how many examples of it the train split holds.
   */
  @Schema(name = "DatasetClassSamples")
  public record ClassSamples(
      @Schema(description = "The class's label (its output index)") int label,
      String name,
      @Schema(description = "Examples of this class in the train split") int trainExamples,
      @Schema(
              description =
                  "The first examples of this class in the (seeded, shuffled) train split")
          List<Sample> samples) {}

  /** One image: its position in the train split, its size as sent, and the PNG. */
  @Schema(name = "DatasetSample")
  public record Sample(
      @Schema(description = "Position of the example in the stored train split") int index,
      @Schema(
              description =
                  "Width of the PNG: the stored width, scaled down to at most 64 px on the long"
                      + " side")
          int width,
      int height,
      @Schema(description = "The PNG file, base64") String png) {}
}
