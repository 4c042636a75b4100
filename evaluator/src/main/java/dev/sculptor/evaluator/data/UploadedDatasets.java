package dev.sculptor.evaluator.data;

import dev.sculptor.core.dataset.DatasetFile;
import dev.sculptor.core.messaging.DatasetRef;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a team's uploaded dataset ({@link DatasetFile}) from the shared artifact store: streams the
 * file once to check its sha256, its shape against the request's and every label, then maps its
 * image blocks read-only, so training reads them batch by batch from the file.
 *
 * <p>Memory: on the heap only the labels (an int per example) and the batch being read; the images
 * stay in the file, paged in and out by the operating system. A split is one mapping, so it is
 * limited to 2 GiB of pixels (the api's upload limit is far below).
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
    DatasetFile.Header h;
    int[] labels;
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in =
            new DataInputStream(
                new BufferedInputStream(new DigestInputStream(raw, digest), 1 << 16))) {
      h = DatasetFile.readHeader(in);
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
      labels = labels(in, h);
      // read through, not skipped: the digest covers every byte
      long images = (long) h.examples() * h.imageBytes();
      byte[] chunk = new byte[1 << 16];
      for (long left = images; left > 0; ) {
        int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
        if (n < 0)
          throw new IOException(
              "dataset file is truncated at example "
                  + (images - left) / h.imageBytes()
                  + " of "
                  + h.examples());
        left -= n;
      }
      if (in.read() != -1)
        throw new IOException("dataset " + ref.id() + " file is longer than its header says");
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
    long imagesAt = DatasetFile.HEADER_BYTES + (long) h.examples();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      // a mapping stays valid after its channel is closed
      return new DatasetSplits(
          ref.id(),
          split(channel, h, imagesAt, labels, 0, h.train()),
          split(channel, h, imagesAt, labels, h.train(), h.validation()),
          split(channel, h, imagesAt, labels, h.train() + h.validation(), h.test()));
    }
  }

  private static int[] labels(DataInputStream in, DatasetFile.Header h) throws IOException {
    byte[] bytes = in.readNBytes(h.examples());
    if (bytes.length != h.examples())
      throw new IOException("dataset file is truncated in its labels");
    int[] labels = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      labels[i] = bytes[i] & 0xff;
      if (labels[i] >= h.classes())
        throw new IOException("dataset file has label " + labels[i] + " at example " + i);
    }
    return labels;
  }

  private static LabeledImages split(
      FileChannel channel, DatasetFile.Header h, long imagesAt, int[] labels, int from, int n)
      throws IOException {
    long bytes = (long) n * h.imageBytes();
    if (bytes > Integer.MAX_VALUE)
      throw new IOException(
          "dataset split of " + n + " examples holds more than 2 GiB of pixels; not supported");
    ByteBuffer mapped =
        channel.map(FileChannel.MapMode.READ_ONLY, imagesAt + (long) from * h.imageBytes(), bytes);
    return new LabeledImages(
        h.shape(),
        new Pixels.Bytes(mapped),
        java.util.Arrays.copyOfRange(labels, from, from + n),
        h.classes());
  }
}
