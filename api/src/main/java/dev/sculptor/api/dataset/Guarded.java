package dev.sculptor.api.dataset;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The zip-bomb guard on a decompressing stream: refuses (422, naming the file) once more bytes come
 * out than the upload's remaining allowance, or more than {@code maxRatio} times the compressed
 * size of the entry once past 1 MiB.
 */
final class Guarded extends FilterInputStream {
  private static final long RATIO_FREE_BYTES = 1 << 20;

  /** The allowance all decompressed bytes of one upload share. */
  static final class Budget {
    private long left;

    Budget(long bytes) {
      this.left = bytes;
    }
  }

  private final String file;
  private final long compressedBytes;
  private final int maxRatio;
  private final Budget budget;
  private final long maxBudget;
  private long read;

  Guarded(
      InputStream in,
      String file,
      long compressedBytes,
      int maxRatio,
      Budget budget,
      long maxBudget) {
    super(in);
    this.file = file;
    this.compressedBytes = Math.max(compressedBytes, 1);
    this.maxRatio = maxRatio;
    this.budget = budget;
    this.maxBudget = maxBudget;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) count(1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) count(n);
    return n;
  }

  private void count(int n) {
    read += n;
    budget.left -= n;
    if (budget.left < 0) {
      throw InvalidDataset.at(
          file,
          "decompresses to more than "
              + maxBudget
              + " bytes (zip-bomb guard); upload less or split it");
    }
    if (read > RATIO_FREE_BYTES && read > (long) maxRatio * compressedBytes) {
      throw InvalidDataset.at(
          file,
          "expands more than "
              + maxRatio
              + " times its compressed size of "
              + compressedBytes
              + " bytes (zip-bomb guard)");
    }
  }
}
