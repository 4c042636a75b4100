package dev.sculptor.evaluator.data;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The pixels of a set of images, NCHW row-major, read as floats in [0, 1] one range at a time: so a
 * dataset's images need not be held as floats, only the batch being read.
 */
public sealed interface Pixels permits Pixels.Floats, Pixels.Bytes {

  /** How many pixel values there are. */
  int length();

  /** Copies {@code count} values starting at {@code from} into {@code to} at {@code offset}. */
  void read(int from, float[] to, int offset, int count);

  /** The values {@code [from, from + count)}, sharing storage where it can. */
  Pixels slice(int from, int count);

  /** Floats held on the heap (generated images, tests). */
  record Floats(float[] values) implements Pixels {
    public Floats {
      Objects.requireNonNull(values, "values");
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public void read(int from, float[] to, int offset, int count) {
      System.arraycopy(values, from, to, offset, count);
    }

    @Override
    public Pixels slice(int from, int count) {
      Objects.checkFromIndexSize(from, count, values.length);
      return new Floats(java.util.Arrays.copyOfRange(values, from, from + count));
    }
  }

  /**
   * Stored bytes, each value {@code byte / 255}: an array on the heap (IDX, CIFAR-10) or a
   * read-only mapping of a dataset file, which the operating system pages in as batches read it.
   * Reads use absolute positions only, so one buffer serves concurrent readers.
   */
  record Bytes(ByteBuffer values) implements Pixels {
    public Bytes {
      Objects.requireNonNull(values, "values");
      values = values.slice(); // position 0, its own limit
    }

    public static Bytes of(byte[] values) {
      return new Bytes(ByteBuffer.wrap(values));
    }

    @Override
    public int length() {
      return values.limit();
    }

    @Override
    public void read(int from, float[] to, int offset, int count) {
      Objects.checkFromIndexSize(from, count, values.limit());
      for (int i = 0; i < count; i++) to[offset + i] = (values.get(from + i) & 0xff) / 255f;
    }

    @Override
    public Pixels slice(int from, int count) {
      return new Bytes(values.slice(from, count));
    }
  }
}
