package dev.sculptor.evaluator.data;

import dev.sculptor.core.dataset.DatasetFile;
import dev.sculptor.core.messaging.DatasetRef;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a team's uploaded dataset ({@link DatasetFile}) from the shared artifact store, streaming
 * the file once and checking its sha256 and its shape against the request's as it goes.
 *
 * <p>Memory: the splits are held as floats, 4 bytes per stored pixel byte, plus one image buffer
 * while reading. The api caps a stored dataset at {@code sculptor.datasets.max-dataset-bytes} (64
 * MiB by default), so an uploaded dataset costs at most 4 × that (256 MiB) of heap; and {@link
 * Datasets} keeps only the most recent uploaded dataset cached.
 */
final class UploadedDatasets {
  private UploadedDatasets() {}

  static DatasetSplits read(DatasetRef ref) throws IOException {
    if (ref.uri() == null || ref.sha256() == null)
      throw new IOException("dataset " + ref.id() + " has no stored file in its request");
    Path file = Path.of(URI.create(ref.uri()));
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    DatasetSplits splits;
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in =
            new DataInputStream(
                new BufferedInputStream(new DigestInputStream(raw, digest), 1 << 16))) {
      DatasetFile.Header h = DatasetFile.readHeader(in);
      if (ref.shape() != null && !ref.shape().equals(h.shape())
          || ref.classes() != null && ref.classes() != h.classes()) {
        throw new IOException(
            "dataset "
                + ref.id()
                + " file is "
                + h.shape()
                + " with "
                + h.classes()
                + " classes; the request says "
                + ref.shape()
                + " with "
                + ref.classes());
      }
      byte[] labels = in.readNBytes(h.examples());
      if (labels.length != h.examples())
        throw new IOException("dataset " + ref.id() + " file is truncated in its labels");
      LabeledImages train = split(in, h, labels, 0, h.train());
      LabeledImages validation = split(in, h, labels, h.train(), h.validation());
      LabeledImages test = split(in, h, labels, h.train() + h.validation(), h.test());
      if (in.read() != -1)
        throw new IOException("dataset " + ref.id() + " file is longer than its header says");
      splits = new DatasetSplits(ref.id(), train, validation, test);
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equalsIgnoreCase(ref.sha256())) {
      throw new IOException(
          "dataset "
              + ref.id()
              + " file's sha256 is "
              + actual
              + ", the request says "
              + ref.sha256()
              + "; not used");
    }
    return splits;
  }

  private static LabeledImages split(
      DataInputStream in, DatasetFile.Header h, byte[] labels, int from, int n) throws IOException {
    int size = h.imageBytes();
    float[] pixels = new float[Math.multiplyExact(n, size)];
    int[] out = new int[n];
    byte[] image = new byte[size];
    for (int i = 0; i < n; i++) {
      if (in.readNBytes(image, 0, size) != size)
        throw new IOException("dataset file is truncated at example " + (from + i));
      for (int p = 0; p < size; p++) pixels[i * size + p] = (image[p] & 0xff) / 255f;
      out[i] = labels[from + i] & 0xff;
      if (out[i] >= h.classes())
        throw new IOException("dataset file has label " + out[i] + " at example " + (from + i));
    }
    return new LabeledImages(h.shape(), pixels, out, h.classes());
  }
}
