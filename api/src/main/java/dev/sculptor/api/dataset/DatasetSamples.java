package dev.sculptor.api.dataset;

import dev.sculptor.api.dataset.DatasetSamplesView.ClassSamples;
import dev.sculptor.api.dataset.DatasetSamplesView.Sample;
import dev.sculptor.core.dataset.DatasetFile;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A few training images of each class of a stored dataset ({@link DatasetFile}), as small PNGs for
 * people to look at: the first ones of each class in the train split, which the split already
 * shuffled with its seed, so the same dataset always shows the same images. Large images are scaled
 * down to {@link #MAX_SIDE} px on their long side.
 */
final class DatasetSamples {
  static final int DEFAULT_PER_CLASS = 8;
  static final int MAX_PER_CLASS = 32;

  /** Bounds one answer for datasets with many classes: perClass is lowered to fit. */
  static final int MAX_IMAGES = 512;

  static final int MAX_SIDE = 64;

  private DatasetSamples() {}

  /**
   * Images per class for {@code requested}, lowered so that all classes fit in {@link #MAX_IMAGES}.
   */
  static int perClass(int requested, int classes) {
    return Math.max(1, Math.min(requested, MAX_IMAGES / classes));
  }

  /**
   * Per class (in label order), up to {@code perClass} samples and how many train examples it has.
   */
  static List<ClassSamples> read(Path file, List<String> classNames, int perClass)
      throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      DatasetFile.Header header =
          DatasetFile.readHeader(new DataInputStream(Channels.newInputStream(channel.position(0))));
      if (header.classes() != classNames.size()) {
        throw new IOException(
            "the dataset file has " + header.classes() + " classes, its row " + classNames.size());
      }
      ByteBuffer labels = ByteBuffer.allocate(header.train());
      readFully(channel, labels, DatasetFile.HEADER_BYTES);
      List<List<Integer>> picked = new ArrayList<>();
      int[] available = new int[header.classes()];
      for (int c = 0; c < header.classes(); c++) picked.add(new ArrayList<>());
      for (int i = 0; i < header.train(); i++) {
        int label = labels.get(i) & 0xff;
        if (label >= header.classes())
          throw new IOException("label " + label + " of example " + i + " is out of range");
        available[label]++;
        if (picked.get(label).size() < perClass) picked.get(label).add(i);
      }
      long images = DatasetFile.HEADER_BYTES + (long) header.examples();
      ByteBuffer pixels = ByteBuffer.allocate(header.imageBytes());
      List<ClassSamples> out = new ArrayList<>();
      for (int c = 0; c < header.classes(); c++) {
        List<Sample> samples = new ArrayList<>();
        for (int i : picked.get(c)) {
          pixels.clear();
          readFully(channel, pixels, images + (long) i * header.imageBytes());
          BufferedImage image = scaled(image(pixels.array(), header));
          samples.add(new Sample(i, image.getWidth(), image.getHeight(), png(image)));
        }
        out.add(new ClassSamples(c, classNames.get(c), available[c], samples));
      }
      return out;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer into, long position)
      throws IOException {
    while (into.hasRemaining()) {
      int n = channel.read(into, position + into.position());
      if (n < 0) throw new IOException("the dataset file ends early");
    }
  }

  /** C×H×W uint8 (C 1 or 3) → an image. */
  private static BufferedImage image(byte[] chw, DatasetFile.Header header) {
    int h = header.shape().height();
    int w = header.shape().width();
    int plane = h * w;
    boolean rgb = header.shape().channels() >= 3;
    BufferedImage image =
        new BufferedImage(w, h, rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        if (rgb) {
          image.setRGB(
              x,
              y,
              (chw[p] & 0xff) << 16 | (chw[plane + p] & 0xff) << 8 | chw[2 * plane + p] & 0xff);
        } else {
          image.getRaster().setSample(x, y, 0, chw[p] & 0xff);
        }
      }
    }
    return image;
  }

  private static BufferedImage scaled(BufferedImage image) {
    int side = Math.max(image.getWidth(), image.getHeight());
    if (side <= MAX_SIDE) return image;
    int w = Math.max(1, image.getWidth() * MAX_SIDE / side);
    int h = Math.max(1, image.getHeight() * MAX_SIDE / side);
    BufferedImage small = new BufferedImage(w, h, image.getType());
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return small;
  }

  private static String png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer");
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
