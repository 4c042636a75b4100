package dev.sculptor.evaluator.data;

import dev.sculptor.core.network.InputShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10 binary batches: each record is a label byte and 3×32×32 pixel bytes (R, G, B
 * planes).
 */
public final class Cifar10Reader {
  private static final int RECORD = 1 + 3 * 32 * 32;

  private Cifar10Reader() {}

  public static LabeledImages read(List<Path> batches) throws IOException {
    int total = 0;
    for (Path p : batches) {
      long size = Files.size(p);
      if (size % RECORD != 0)
        throw new IOException(p + " is not a CIFAR-10 binary batch (size " + size + ")");
      total += (int) (size / RECORD);
    }
    byte[] pixels = new byte[total * (RECORD - 1)];
    int[] labels = new int[total];
    int n = 0;
    for (Path p : batches) {
      byte[] bytes = Files.readAllBytes(p);
      for (int off = 0; off < bytes.length; off += RECORD, n++) {
        labels[n] = bytes[off] & 0xff;
        if (labels[n] > 9)
          throw new IOException("label " + labels[n] + " in " + p + " is not a CIFAR-10 class");
        System.arraycopy(bytes, off + 1, pixels, n * (RECORD - 1), RECORD - 1);
      }
    }
    return new LabeledImages(InputShape.CIFAR, Pixels.Bytes.of(pixels), labels, 10);
  }
}
