package dev.sculptor.api.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Builds small upload files in each format, good and broken, for the dataset tests. */
final class DatasetFiles {
  private DatasetFiles() {}

  static byte[] idxImages(int n, int rows, int cols, long seed) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(n);
    out.writeInt(rows);
    out.writeInt(cols);
    byte[] pixels = new byte[n * rows * cols];
    new Random(seed).nextBytes(pixels);
    out.write(pixels);
    return bytes.toByteArray();
  }

  static byte[] idxLabels(int... labels) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    out.writeInt(0x801);
    out.writeInt(labels.length);
    for (int l : labels) out.writeByte(l);
    return bytes.toByteArray();
  }

  /** {@code classes} classes, {@code perClass} examples each, labels 0,1,2,0,1,2,… */
  static int[] labels(int classes, int perClass) {
    int[] labels = new int[classes * perClass];
    for (int i = 0; i < labels.length; i++) labels[i] = i % classes;
    return labels;
  }

  static byte[] gzip(byte[] data) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  static byte[] npy(String descr, int[] shape, byte[] data) {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) dims.append(d).append(", ");
    String header =
        "{'descr': '"
            + descr
            + "', 'fortran_order': False, 'shape': ("
            + dims.toString().strip()
            + "), }";
    int total = 10 + header.length() + 1;
    header = header + " ".repeat((64 - total % 64) % 64) + "\n";
    var bytes = new ByteArrayOutputStream();
    bytes.write(0x93);
    bytes.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    bytes.write(1);
    bytes.write(0);
    bytes.write(header.length() & 0xff);
    bytes.write(header.length() >> 8);
    bytes.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(data);
    return bytes.toByteArray();
  }

  /** An npz with uint8 x of shape (N, H, W, C) (or (N, H, W) when channels is 0) and uint8 y. */
  static byte[] npz(int[] labels, int height, int width, int channels, long seed)
      throws IOException {
    int n = labels.length;
    byte[] x = new byte[n * height * width * Math.max(channels, 1)];
    new Random(seed).nextBytes(x);
    byte[] y = new byte[n];
    for (int i = 0; i < n; i++) y[i] = (byte) labels[i];
    int[] shape =
        channels == 0 ? new int[] {n, height, width} : new int[] {n, height, width, channels};
    return zip(
        new String[] {"x.npy", "y.npy"},
        new byte[][] {npy("|u1", shape, x), npy("|u1", new int[] {n}, y)});
  }

  static byte[] zip(String[] names, byte[][] contents) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < names.length; i++) {
        zip.putNextEntry(new ZipEntry(names[i]));
        zip.write(contents[i]);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static byte[] png(int width, int height, int rgb) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++)
      for (int x = 0; x < width; x++) image.setRGB(x, y, rgb ^ (x * 7 + y * 13));
    var bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }
}
