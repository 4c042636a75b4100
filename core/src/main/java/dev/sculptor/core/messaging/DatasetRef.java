package dev.sculptor.core.messaging;

import dev.sculptor.core.network.InputShape;
import java.util.List;

/**
 * The dataset of an evaluation, as the evaluator needs it: a built-in id ({@code mnist-10k}, {@code
 * synthetic}); a team's uploaded dataset ({@code ds-<uuid>}) with the {@code uri} of its stored
 * file in the shared artifact store ({@link dev.sculptor.core.dataset.DatasetFile}), that file's
 * {@code sha256}, input {@code shape} and {@code classes}; or (CLI) IDX / CIFAR-10 files by {@code
 * path} on the evaluator host. {@code classNames}, in label order, name an upload's classes so the
 * exported model can say them; absent for built-ins and for requests from a worker that predates
 * the field (the model then numbers its classes).
 */
public record DatasetRef(
    String id,
    String path,
    String uri,
    String sha256,
    InputShape shape,
    Integer classes,
    List<String> classNames) {

  public DatasetRef {
    classNames = classNames == null ? null : List.copyOf(classNames);
  }

  public DatasetRef(String id, String path) {
    this(id, path, null, null, null, null, null);
  }

  public static DatasetRef builtIn(String id) {
    return new DatasetRef(id, null);
  }

  public static DatasetRef uploaded(
      String id, String uri, String sha256, InputShape shape, List<String> classNames) {
    return new DatasetRef(id, null, uri, sha256, shape, classNames.size(), classNames);
  }
}
