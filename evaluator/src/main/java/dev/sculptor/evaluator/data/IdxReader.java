package dev.sculptor.evaluator.data;

import dev.sculptor.core.network.InputShape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Reads the IDX format of MNIST and Fashion-MNIST (gzipped or not). */
public final class IdxReader {
  private IdxReader() {}

  public static LabeledImages read(InputStream images, InputStream labels, int classes)
      throws IOException {
    try (DataInputStream img = open(images);
        DataInputStream lab = open(labels)) {
      int magic = img.readInt();
      if (magic != 0x803)
        throw new IOException(
            "not an IDX image file (magic " + Integer.toHexString(magic) + ", expected 803)");
      int n = img.readInt();
      int rows = img.readInt();
      int cols = img.readInt();
      if (lab.readInt() != 0x801)
        throw new IOException("not an IDX label file (expected magic 801)");
      int m = lab.readInt();
      if (m != n)
        throw new IOException("image and label files disagree: " + n + " images, " + m + " labels");
      byte[] raw = img.readNBytes(n * rows * cols);
      if (raw.length != n * rows * cols) throw new IOException("image file is truncated");
      byte[] rawLabels = lab.readNBytes(n);
      if (rawLabels.length != n) throw new IOException("label file is truncated");
      int[] labelsOut = new int[n];
      for (int i = 0; i < n; i++) {
        labelsOut[i] = rawLabels[i] & 0xff;
        if (labelsOut[i] >= classes)
          throw new IOException("label " + labelsOut[i] + " at " + i + " is not below " + classes);
      }
      return new LabeledImages(
          new InputShape(1, rows, cols), Pixels.Bytes.of(raw), labelsOut, classes);
    }
  }

  private static DataInputStream open(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    boolean gzip = b1 == 0x1f && b2 == 0x8b;
    return new DataInputStream(gzip ? new GZIPInputStream(buffered) : buffered);
  }
}
