package dev.sculptor.core.dataset;

import dev.sculptor.core.network.InputShape;
import java.util.List;

/**
 * What the search, the api and the evaluator need to know of a dataset: its id, the shape of one
 * input (C×H×W), its classes (names in label order), its split sizes and how pixels are normalised.
 */
public record DatasetInfo(
    String id,
    String description,
    InputShape shape,
    List<String> classNames,
    int trainExamples,
    int validationExamples,
    int testExamples,
    Normalisation normalisation) {

  public DatasetInfo {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("a dataset needs an id");
    if (shape == null)
      throw new IllegalArgumentException("dataset " + id + " needs an input shape");
    classNames = List.copyOf(classNames);
    if (classNames.size() < 2)
      throw new IllegalArgumentException(
          "dataset " + id + " has " + classNames.size() + " classes; at least 2 are needed");
    if (normalisation == null) normalisation = Normalisation.UNIT_INTERVAL;
  }

  public int classes() {
    return classNames.size();
  }

  /** The names "0" … "n-1", for datasets whose classes are digits or have no names. */
  public static List<String> numbered(int classes) {
    return java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
  }
}
