package dev.sculptor.api.dataset;

import dev.sculptor.core.network.InputShape;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Examples parsed from an upload, in upload order, before the split: pixels (C×H×W uint8 per
 * example) in a temp file, labels and (when the upload gives them) split markers in memory, one
 * byte each. Closing deletes the temp file.
 */
final class Examples implements AutoCloseable {
  static final byte TRAIN = 0;
  static final byte VALIDATION = 1;
  static final byte TEST = 2;
  static final byte UNSPLIT = -1;

  private final Path pixels;
  private final OutputStream out;
  private final long maxBytes;
  private InputShape shape;
  private byte[] labels = new byte[1024];
  private byte[] splits = new byte[1024];
  private int size;
  private boolean anySplitGiven;

  Examples(Path tempDir, long maxBytes) throws IOException {
    this.pixels = Files.createTempFile(tempDir, "examples-", ".u8");
    this.out = new BufferedOutputStream(Files.newOutputStream(pixels), 1 << 16);
    this.maxBytes = maxBytes;
  }

  /** Fixes the shape every example must have; a second, different shape is the caller's 422. */
  void shape(InputShape shape) {
    if (this.shape != null && !this.shape.equals(shape))
      throw new IllegalStateException("shape already " + this.shape);
    this.shape = shape;
  }

  InputShape shape() {
    return shape;
  }

  int imageBytes() {
    return shape.channels() * shape.height() * shape.width();
  }

  /** Appends one example; {@code where} names it for a too-large refusal. */
  void add(byte[] image, int label, byte split, String where) throws IOException {
    if (image.length != imageBytes())
      throw new IllegalArgumentException("image of " + image.length + " bytes, shape " + shape);
    if ((long) (size + 1) * (imageBytes() + 1) > maxBytes) {
      throw InvalidDataset.at(
          where,
          "the dataset is larger than this server's limit of "
              + maxBytes
              + " bytes (pixels and labels)");
    }
    out.write(image);
    if (size == labels.length) {
      labels = Arrays.copyOf(labels, size * 2);
      splits = Arrays.copyOf(splits, size * 2);
    }
    labels[size] = (byte) label;
    splits[size] = split;
    anySplitGiven |= split != UNSPLIT;
    size++;
  }

  int size() {
    return size;
  }

  int label(int i) {
    return labels[i] & 0xff;
  }

  byte split(int i) {
    return splits[i];
  }

  boolean splitsGiven() {
    return anySplitGiven;
  }

  /** Ends writing; call before {@link #readImage}. */
  void finish() throws IOException {
    out.close();
  }

  /** Random access to the pixels after {@link #finish()}. */
  FileChannel open() throws IOException {
    return FileChannel.open(pixels, StandardOpenOption.READ);
  }

  static void readImage(FileChannel channel, int index, ByteBuffer into) throws IOException {
    into.clear();
    long position = (long) index * into.capacity();
    while (into.hasRemaining()) {
      if (channel.read(into, position + into.position()) < 0)
        throw new IOException("examples file ended early");
    }
    into.flip();
  }

  @Override
  public void close() {
    try {
      out.close();
      Files.deleteIfExists(pixels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
