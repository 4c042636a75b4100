package dev.sculptor.evaluator.data;

import dev.sculptor.core.messaging.DatasetRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Resolves a dataset reference to data on this evaluator: the built-in {@code mnist-10k} and {@code
 * synthetic}, or a user's files by path (IDX with train/validation/test file names as in mnist-10k,
 * or CIFAR-10 binary batches), or a team's upload from the shared artifact store by uri ({@link
 * UploadedDatasets}). Nothing is downloaded.
 */
public final class Datasets {
  private static final Map<String, DatasetSplits> CACHE = new ConcurrentHashMap<>();

  private Datasets() {}

  /**
   * The uploaded dataset read last, by sha256: its file is checked once, not on every request, and
   * only one is kept mapped (UploadedDatasets).
   */
  private static volatile Map.Entry<String, DatasetSplits> lastUploaded;

  public static DatasetSplits load(DatasetRef ref) {
    if (ref.uri() != null) return uploaded(ref);
    String key = ref.id() + "|" + ref.path();
    return CACHE.computeIfAbsent(
        key,
        k -> {
          try {
            if (ref.path() != null && !ref.path().isBlank())
              return fromPath(ref.id(), Path.of(ref.path()));
            return switch (ref.id()) {
              case "mnist-10k" -> mnist10k();
              case "synthetic" -> SyntheticImages.splits(7);
              default ->
                  throw new IllegalArgumentException(
                      "unknown dataset '" + ref.id() + "' and no path given");
            };
          } catch (IOException e) {
            throw new UncheckedIOException(
                "dataset " + ref.id() + " could not be read: " + e.getMessage(), e);
          }
        });
  }

  private static synchronized DatasetSplits uploaded(DatasetRef ref) {
    Map.Entry<String, DatasetSplits> last = lastUploaded;
    if (last != null && last.getKey().equalsIgnoreCase(ref.sha256())) return last.getValue();
    lastUploaded = null; // let the previous one go before reading the next
    try {
      DatasetSplits splits = UploadedDatasets.read(ref);
      lastUploaded = Map.entry(ref.sha256(), splits);
      return splits;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "dataset " + ref.id() + " could not be read: " + e.getMessage(), e);
    }
  }

  static DatasetSplits mnist10k() throws IOException {
    return new DatasetSplits(
        "mnist-10k", resource("train"), resource("validation"), resource("test"));
  }

  private static LabeledImages resource(String split) throws IOException {
    String base = "/datasets/mnist-10k/" + split;
    try (InputStream images = Datasets.class.getResourceAsStream(base + "-images-idx3-ubyte.gz");
        InputStream labels = Datasets.class.getResourceAsStream(base + "-labels-idx1-ubyte.gz")) {
      if (images == null || labels == null)
        throw new IOException("mnist-10k " + split + " split missing from the evaluator jar");
      return IdxReader.read(images, labels, 10);
    }
  }

  private static DatasetSplits fromPath(String id, Path dir) throws IOException {
    if (Files.exists(dir.resolve("data_batch_1.bin"))) {
      List<Path> train =
          IntStream.rangeClosed(1, 5)
              .mapToObj(i -> dir.resolve("data_batch_" + i + ".bin"))
              .filter(Files::exists)
              .toList();
      LabeledImages all = Cifar10Reader.read(train);
      LabeledImages test = Cifar10Reader.read(List.of(dir.resolve("test_batch.bin")));
      int validation = all.size() / 10;
      return new DatasetSplits(id, all.skip(validation), all.first(validation), test);
    }
    LabeledImages train = idx(dir, "train");
    LabeledImages test =
        Files.exists(dir.resolve("test-images-idx3-ubyte.gz"))
                || Files.exists(dir.resolve("test-images-idx3-ubyte"))
            ? idx(dir, "test")
            : idx(dir, "t10k");
    LabeledImages validation =
        Files.exists(dir.resolve("validation-images-idx3-ubyte.gz"))
            ? idx(dir, "validation")
            : test;
    return new DatasetSplits(id, train, validation, test);
  }

  private static LabeledImages idx(Path dir, String split) throws IOException {
    Path images =
        first(
            dir,
            split + "-images-idx3-ubyte.gz",
            split + "-images-idx3-ubyte",
            split + "-images.idx3-ubyte");
    Path labels =
        first(
            dir,
            split + "-labels-idx1-ubyte.gz",
            split + "-labels-idx1-ubyte",
            split + "-labels.idx1-ubyte");
    try (InputStream i = Files.newInputStream(images);
        InputStream l = Files.newInputStream(labels)) {
      return IdxReader.read(i, l, 10);
    }
  }

  private static Path first(Path dir, String... names) throws IOException {
    for (String n : names) if (Files.exists(dir.resolve(n))) return dir.resolve(n);
    throw new IOException("none of " + List.of(names) + " in " + dir);
  }
}
