package dev.sculptor.core.messaging;

import dev.sculptor.core.network.InputShape;

/**
 * The dataset of an evaluation, as the evaluator needs it: a built-in id ({@code mnist-10k}, {@code
 * synthetic}); a team's uploaded dataset ({@code ds-<uuid>}) with the {@code uri} of its stored
 * file in the shared artifact store ({@link dev.sculptor.core.dataset.DatasetFile}), that file's
 * {@code sha256}, input {@code shape} and {@code classes}; or (CLI) IDX / CIFAR-10 files by {@code
 * path} on the evaluator host.
 */
public record DatasetRef(
    String id, String path, String uri, String sha256, InputShape shape, Integer classes) {

  public DatasetRef(String id, String path) {
    this(id, path, null, null, null, null);
  }

  public static DatasetRef builtIn(String id) {
    return new DatasetRef(id, null);
  }

  public static DatasetRef uploaded(
      String id, String uri, String sha256, InputShape shape, int classes) {
    return new DatasetRef(id, null, uri, sha256, shape, classes);
  }
}
