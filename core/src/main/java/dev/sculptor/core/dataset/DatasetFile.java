package dev.sculptor.core.dataset;

import dev.sculptor.core.network.InputShape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The one stored form of an uploaded dataset ({@code dataset.sds}), written by the api and read by
 * evaluators. Big-endian, in this order:
 *
 * <pre>
 *   magic "SCULPTDS" (8 bytes), version int (1),
 *   channels, height, width, classes, train, validation, test   (ints)
 *   labels: train + validation + test bytes (class index, unsigned)
 *   images: one C×H×W uint8 block per example, same order (train first, then validation, then test)
 * </pre>
 *
 * <p>The class names, counts and the file's sha256 are in the database row; the sha256 is over the
 * whole file and checked by the evaluator as it reads.
 */
public final class DatasetFile {
  public static final String FILE_NAME = "dataset.sds";
  public static final String MEDIA_TYPE = "application/vnd.sculptor.dataset";
  private static final byte[] MAGIC =
      "SCULPTDS".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  /** Bytes before the labels. */
  public static final int HEADER_BYTES = MAGIC.length + 8 * Integer.BYTES;

  public record Header(InputShape shape, int classes, int train, int validation, int test) {
    public int examples() {
      return train + validation + test;
    }

    public int imageBytes() {
      return shape.channels() * shape.height() * shape.width();
    }

    /** The whole file's size. */
    public long fileBytes() {
      return HEADER_BYTES + (long) examples() * (1 + imageBytes());
    }
  }

  private DatasetFile() {}

  public static void writeHeader(DataOutputStream out, Header h) throws IOException {
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(h.shape().channels());
    out.writeInt(h.shape().height());
    out.writeInt(h.shape().width());
    out.writeInt(h.classes());
    out.writeInt(h.train());
    out.writeInt(h.validation());
    out.writeInt(h.test());
  }

  public static Header readHeader(DataInputStream in) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!java.util.Arrays.equals(magic, MAGIC))
      throw new IOException("not a Sculptor dataset file (bad magic)");
    int version = in.readInt();
    if (version != VERSION)
      throw new IOException("dataset file version " + version + "; this build reads " + VERSION);
    InputShape shape = new InputShape(in.readInt(), in.readInt(), in.readInt());
    Header h = new Header(shape, in.readInt(), in.readInt(), in.readInt(), in.readInt());
    if (shape.channels() < 1
        || shape.height() < 1
        || shape.width() < 1
        || h.classes() < 2
        || h.train() < 0
        || h.validation() < 0
        || h.test() < 0) {
      throw new IOException("dataset file header is inconsistent: " + h);
    }
    return h;
  }
}
