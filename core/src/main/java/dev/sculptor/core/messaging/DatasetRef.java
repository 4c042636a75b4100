package dev.sculptor.core.messaging;

/**
 * A dataset an evaluator can read locally: a built-in id ({@code mnist-10k}, {@code synthetic})
 * or a user's IDX / CIFAR-10 files by {@code path} on the evaluator host.
 */
public record DatasetRef(String id, String path) {

  public static DatasetRef builtIn(String id) {
    return new DatasetRef(id, null);
  }
}
