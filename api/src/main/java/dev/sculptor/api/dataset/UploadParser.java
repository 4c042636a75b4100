package dev.sculptor.api.dataset;

import dev.sculptor.core.network.InputShape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the three upload formats into {@link Examples}, streaming from the uploaded temp files: one
 * image is in memory at a time, never a whole file. Every refusal is a 422 that names the file
 * (form part, or entry inside a zip) and, where there is one, the example's index.
 */
final class UploadParser {
  private static final int MAX_SIDE = 4096;

  private final DatasetSettings settings;
  private final Path tempDir;
  private final Guarded.Budget budget;

  UploadParser(DatasetSettings settings, Path tempDir) {
    this.settings = settings;
    this.tempDir = tempDir;
    this.budget = new Guarded.Budget(settings.maxUncompressedBytes());
  }

  /** A file of the upload: its name as the client sent it (for messages) and where it lies. */
  record Upload(String name, Path file) {}

  /** Class names and examples. */
  record Parsed(List<String> classNames, Examples examples, String labelsFile) {}

  // ---------------------------------------------------------------- IDX

  Parsed idx(Upload images, Upload labels, Integer classes) throws IOException {
    Examples examples = new Examples(tempDir, settings.maxDatasetBytes());
    try (DataInputStream img = open(images);
        DataInputStream lab = open(labels)) {
      int magic = header(img, images.name(), "magic number");
      if (magic != 0x803) {
        throw InvalidDataset.at(
            images.name(),
            String.format(
                "not an IDX image file: magic 0x%08X, expected 0x00000803 (unsigned"
                    + " bytes, 3 dimensions N×H×W)",
                magic));
      }
      int n = header(img, images.name(), "image count");
      int rows = header(img, images.name(), "row count");
      int cols = header(img, images.name(), "column count");
      side(images.name(), rows, cols);
      int labelMagic = header(lab, labels.name(), "magic number");
      if (labelMagic != 0x801) {
        throw InvalidDataset.at(
            labels.name(),
            String.format("not an IDX label file: magic 0x%08X, expected 0x00000801", labelMagic));
      }
      int m = header(lab, labels.name(), "label count");
      if (n != m)
        throw InvalidDataset.at(
            labels.name(), "has " + m + " labels but " + images.name() + " has " + n + " images");
      tooLarge(images.name(), n, rows * cols);
      examples.shape(new InputShape(1, rows, cols));
      byte[] image = new byte[rows * cols];
      for (int i = 0; i < n; i++) {
        int label = lab.read();
        if (label < 0)
          throw InvalidDataset.at(
              labels.name(), i, "truncated: the file ends at label " + i + " of " + n);
        if (img.readNBytes(image, 0, image.length) != image.length) {
          throw InvalidDataset.at(
              images.name(), i, "truncated: the file ends inside image " + i + " of " + n);
        }
        if (classes != null && label >= classes)
          throw labelOutOfRange(labels.name(), i, label, classes);
        examples.add(image, label, Examples.UNSPLIT, images.name() + "[" + i + "]");
      }
      examples.finish();
      return new Parsed(null, examples, labels.name());
    } catch (RuntimeException | IOException e) {
      examples.close();
      throw e;
    }
  }

  private DataInputStream open(Upload upload) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(upload.file()), 1 << 16);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    if (!gzip) return new DataInputStream(in);
    long compressed = Files.size(upload.file());
    try {
      return new DataInputStream(
          new BufferedInputStream(
              new Guarded(
                  new GZIPInputStream(in, 1 << 16),
                  upload.name(),
                  compressed,
                  settings.maxCompressionRatio(),
                  budget,
                  settings.maxUncompressedBytes()),
              1 << 16));
    } catch (ZipException | EOFException e) {
      throw InvalidDataset.at(upload.name(), "is not a readable gzip file: " + e.getMessage());
    }
  }

  private static int header(DataInputStream in, String file, String what) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw InvalidDataset.at(
          file, "truncated: the file ends inside its IDX header (" + what + ")");
    }
  }

  // ---------------------------------------------------------------- NumPy .npz

  private static final List<String[]> NPZ_SPLITS =
      List.of(
          new String[] {"x_train", "y_train"},
          new String[] {"x_validation", "y_validation"},
          new String[] {"x_test", "y_test"});

  Parsed npz(Upload upload, Integer classes) throws IOException {
    Examples examples = new Examples(tempDir, settings.maxDatasetBytes());
    try (ZipFile zip = zip(upload)) {
      boolean split = zip.getEntry("x_train.npy") != null;
      if (split) {
        for (int s = 0; s < NPZ_SPLITS.size(); s++) {
          String[] names = NPZ_SPLITS.get(s);
          if (zip.getEntry(names[0] + ".npy") == null && s == 1)
            names = new String[] {"x_val", "y_val"};
          npzPair(zip, upload, names[0], names[1], (byte) s, classes, examples);
        }
      } else {
        npzPair(zip, upload, "x", "y", Examples.UNSPLIT, classes, examples);
      }
      examples.finish();
      return new Parsed(null, examples, split ? "y_*.npy" : "y.npy");
    } catch (RuntimeException | IOException e) {
      examples.close();
      throw e;
    }
  }

  private void npzPair(
      ZipFile zip,
      Upload upload,
      String x,
      String y,
      byte split,
      Integer classes,
      Examples examples)
      throws IOException {
    ZipEntry xe = zip.getEntry(x + ".npy");
    ZipEntry ye = zip.getEntry(y + ".npy");
    if (xe == null || ye == null) {
      throw InvalidDataset.at(
          upload.name(),
          "must hold arrays '"
              + x
              + "' and '"
              + y
              + "' (np.savez(f, "
              + x
              + "=images, "
              + y
              + "=labels)); missing: "
              + (xe == null ? x : y)
              + (split == Examples.UNSPLIT
                  ? ""
                  : " (an npz with x_train gives its splits: x_train, y_train, x_validation,"
                      + " y_validation, x_test, y_test)"));
    }
    String yName = y + ".npy";
    int[] labels;
    try (DataInputStream in = entry(zip, ye, upload)) {
      Npy header = Npy.read(in, yName);
      int n = header.shape()[0];
      if (header.shape().length > 2 || (header.shape().length == 2 && header.shape()[1] != 1)) {
        throw InvalidDataset.at(
            yName, "must have shape (N,) of class indices, has " + header.shapeText());
      }
      int width = header.labelWidth(yName);
      tooLarge(yName, n, 0);
      labels = new int[n];
      byte[] value = new byte[width];
      for (int i = 0; i < n; i++) {
        if (in.readNBytes(value, 0, width) != width)
          throw InvalidDataset.at(yName, i, "truncated: the array ends at label " + i + " of " + n);
        long label = header.label(value);
        if (label < 0 || label > 255 || (classes != null && label >= classes)) {
          throw labelOutOfRange(yName, i, label, classes == null ? 256 : classes);
        }
        labels[i] = (int) label;
      }
    }
    String xName = x + ".npy";
    try (DataInputStream in = entry(zip, xe, upload)) {
      Npy header = Npy.read(in, xName);
      if (!header.isUint8()) {
        throw InvalidDataset.at(
            xName,
            "must be uint8 (dtype '|u1'), is '"
                + header.descr()
                + "'; convert with x.astype(np.uint8)");
      }
      int[] s = header.shape();
      boolean channelsLast = s.length == 4;
      if (!(s.length == 3 || (s.length == 4 && (s[3] == 1 || s[3] == 3)))) {
        throw InvalidDataset.at(
            xName,
            "must have shape (N, H, W) or (N, H, W, C) with C 1 or 3, has " + header.shapeText());
      }
      if (s[0] != labels.length) {
        throw InvalidDataset.at(
            xName, "has " + s[0] + " images but " + yName + " has " + labels.length + " labels");
      }
      InputShape shape = new InputShape(channelsLast ? s[3] : 1, s[1], s[2]);
      side(xName, shape.height(), shape.width());
      if (examples.shape() != null && !examples.shape().equals(shape)) {
        throw InvalidDataset.at(
            xName,
            "images are "
                + text(shape)
                + " but the arrays before it hold "
                + text(examples.shape()));
      }
      examples.shape(shape);
      tooLarge(xName, s[0], examples.imageBytes());
      byte[] raw = new byte[examples.imageBytes()];
      byte[] chw = channelsLast && shape.channels() > 1 ? new byte[raw.length] : raw;
      int plane = shape.height() * shape.width();
      for (int i = 0; i < s[0]; i++) {
        if (in.readNBytes(raw, 0, raw.length) != raw.length) {
          throw InvalidDataset.at(
              xName, i, "truncated: the array ends inside image " + i + " of " + s[0]);
        }
        if (chw != raw) {
          for (int p = 0; p < plane; p++)
            for (int c = 0; c < shape.channels(); c++)
              chw[c * plane + p] = raw[p * shape.channels() + c];
        }
        examples.add(chw, labels[i], split, xName + "[" + i + "]");
      }
    }
  }

  /** The header of one {@code .npy} array (format versions 1 to 3), C order only. */
  record Npy(String descr, int[] shape) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static Npy read(DataInputStream in, String file) throws IOException {
      byte[] magic = in.readNBytes(8);
      if (magic.length < 8
          || (magic[0] & 0xff) != 0x93
          || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
        throw InvalidDataset.at(file, "is not a NumPy .npy array (bad magic)");
      }
      int major = magic[6];
      byte[] len = in.readNBytes(major == 1 ? 2 : 4);
      ByteBuffer b =
          ByteBuffer.wrap(java.util.Arrays.copyOf(len, 4)).order(ByteOrder.LITTLE_ENDIAN);
      int headerLength = b.getInt();
      if (len.length < 2 || headerLength <= 0 || headerLength > 65536)
        throw InvalidDataset.at(file, "has a broken .npy header");
      byte[] header = in.readNBytes(headerLength);
      if (header.length != headerLength)
        throw InvalidDataset.at(file, "truncated: the file ends inside its .npy header");
      String text =
          new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      Matcher d = DESCR.matcher(text);
      Matcher f = FORTRAN.matcher(text);
      Matcher s = SHAPE.matcher(text);
      if (!d.find() || !f.find() || !s.find())
        throw InvalidDataset.at(file, "has a .npy header without descr, fortran_order or shape");
      if (f.group(1).equals("True"))
        throw InvalidDataset.at(
            file, "is in Fortran order; save it in C order (np.ascontiguousarray)");
      List<Integer> dims = new ArrayList<>();
      for (String part : s.group(1).split(",")) {
        if (part.isBlank()) continue;
        try {
          long dim = Long.parseLong(part.trim().replace("L", ""));
          if (dim < 0 || dim > Integer.MAX_VALUE) throw new NumberFormatException();
          dims.add((int) dim);
        } catch (NumberFormatException e) {
          throw InvalidDataset.at(
              file, "has a .npy shape that is not a tuple of sizes: (" + s.group(1) + ")");
        }
      }
      if (dims.isEmpty())
        throw InvalidDataset.at(file, "is a scalar; an array of examples is needed");
      return new Npy(d.group(1), dims.stream().mapToInt(Integer::intValue).toArray());
    }

    boolean isUint8() {
      return descr.equals("|u1") || descr.equals("<u1") || descr.equals(">u1");
    }

    /** Bytes of one label; integer dtypes only. */
    int labelWidth(String file) {
      if (descr.length() == 3
          && "<>|".indexOf(descr.charAt(0)) >= 0
          && "ui".indexOf(descr.charAt(1)) >= 0
          && "1248".indexOf(descr.charAt(2)) >= 0) {
        return descr.charAt(2) - '0';
      }
      throw InvalidDataset.at(
          file,
          "labels must be integers (uint8 '|u1' or another integer dtype), are '" + descr + "'");
    }

    long label(byte[] value) {
      ByteBuffer b =
          ByteBuffer.wrap(value)
              .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      boolean unsigned = descr.charAt(1) == 'u';
      return switch (value.length) {
        case 1 -> unsigned ? value[0] & 0xff : value[0];
        case 2 -> unsigned ? b.getShort() & 0xffff : b.getShort();
        case 4 -> unsigned ? b.getInt() & 0xffffffffL : b.getInt();
        default -> b.getLong();
      };
    }

    String shapeText() {
      return java.util.Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
  }

  // ---------------------------------------------------------------- zip of class folders

  private static final Pattern IMAGE = Pattern.compile("(?i).+\\.(png|jpe?g)$");

  /**
   * {@code <class>/<image>} entries, optionally under one top folder and optionally in {@code
   * train/}, {@code validation/}, {@code test/} folders (then the upload gives its splits). Images
   * are resized to {@code width}×{@code height} when given, else must all have one size.
   */
  Parsed imageZip(Upload upload, Integer width, Integer height, int channels) throws IOException {
    if ((width == null) != (height == null))
      throw InvalidDataset.at("width", "give width and height together, or neither");
    if (width != null) side("width/height", height, width);
    if (channels != 1 && channels != 3)
      throw InvalidDataset.at("channels", "must be 1 (grayscale) or 3 (RGB), is " + channels);
    Examples examples = new Examples(tempDir, settings.maxDatasetBytes());
    try (ZipFile zip = zip(upload)) {
      List<ZipEntry> files =
          zip.stream()
              .filter(e -> !e.isDirectory() && !junk(e.getName()))
              .sorted(java.util.Comparator.comparing(ZipEntry::getName))
              .map(e -> (ZipEntry) e)
              .toList();
      if (files.isEmpty())
        throw InvalidDataset.at(
            upload.name(), "holds no images; expected <class>/<image>.png entries");
      String top = commonTop(files);
      boolean splits =
          files.stream().allMatch(e -> parts(e, top).length == 3 && splitOf(parts(e, top)[0]) >= 0);
      TreeSet<String> classes = new TreeSet<>();
      for (ZipEntry e : files) {
        String[] p = parts(e, top);
        if (p.length != (splits ? 3 : 2)) {
          throw InvalidDataset.at(
              e.getName(),
              "is not in a class folder; expected <class>/<image> (or"
                  + " train|validation|test/<class>/<image>)");
        }
        String name = p[splits ? 1 : 0];
        // the exported model lists its class names comma-separated (ONNX metadata is strings)
        if (name.contains(","))
          throw InvalidDataset.at(
              e.getName(), "class folder '" + name + "' has a ',' in its name; rename it");
        classes.add(name);
      }
      List<String> classNames = List.copyOf(classes);
      if (classNames.size() > 256)
        throw InvalidDataset.at(
            upload.name(), "has " + classNames.size() + " class folders; at most 256");
      String first = null;
      for (ZipEntry e : files) {
        String[] p = parts(e, top);
        if (!IMAGE.matcher(e.getName()).matches())
          throw InvalidDataset.at(
              e.getName(), "is not an image: only .png, .jpg and .jpeg are read");
        BufferedImage image = decode(zip, e, upload);
        if (examples.shape() == null) {
          int w = width != null ? width : image.getWidth();
          int h = height != null ? height : image.getHeight();
          side(e.getName(), h, w);
          examples.shape(new InputShape(channels, h, w));
          first = e.getName();
        } else if (width == null
            && (image.getWidth() != examples.shape().width()
                || image.getHeight() != examples.shape().height())) {
          throw InvalidDataset.at(
              e.getName(),
              "is "
                  + image.getWidth()
                  + "×"
                  + image.getHeight()
                  + " but "
                  + first
                  + " is "
                  + examples.shape().width()
                  + "×"
                  + examples.shape().height()
                  + "; give width and height to resize every image");
        }
        examples.add(
            pixels(image, examples.shape()),
            classNames.indexOf(p[splits ? 1 : 0]),
            splits ? (byte) splitOf(p[0]) : Examples.UNSPLIT,
            e.getName());
      }
      examples.finish();
      return new Parsed(classNames, examples, upload.name());
    } catch (RuntimeException | IOException e) {
      examples.close();
      throw e;
    }
  }

  private static boolean junk(String name) {
    if (name.startsWith("__MACOSX/")) return true;
    String last = name.substring(name.lastIndexOf('/') + 1);
    return last.startsWith(".") || last.equals("Thumbs.db");
  }

  /** One folder every entry is under (a zipped folder), or null. */
  private static String commonTop(List<ZipEntry> files) {
    String top = null;
    for (ZipEntry e : files) {
      int slash = e.getName().indexOf('/');
      if (slash < 0) return null;
      String t = e.getName().substring(0, slash + 1);
      if (top == null) top = t;
      else if (!top.equals(t)) return null;
    }
    // A top folder that is itself a class or a split is not a wrapper.
    String wrapper = top;
    boolean deeper =
        files.stream().allMatch(e -> e.getName().substring(wrapper.length()).contains("/"));
    return deeper ? wrapper : null;
  }

  private static String[] parts(ZipEntry e, String top) {
    String name = top == null ? e.getName() : e.getName().substring(top.length());
    return name.split("/");
  }

  private static int splitOf(String folder) {
    return switch (folder) {
      case "train" -> Examples.TRAIN;
      case "validation", "val" -> Examples.VALIDATION;
      case "test" -> Examples.TEST;
      default -> -1;
    };
  }

  private BufferedImage decode(ZipFile zip, ZipEntry e, Upload upload) throws IOException {
    byte[] bytes;
    try (InputStream in = entry(zip, e, upload)) {
      bytes = in.readNBytes(64 << 20);
    }
    try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext())
        throw InvalidDataset.at(e.getName(), "is not an image: neither PNG nor JPEG could read it");
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > settings.maxImagePixels()) {
          throw InvalidDataset.at(
              e.getName(),
              "is "
                  + reader.getWidth(0)
                  + "×"
                  + reader.getHeight(0)
                  + ", more than "
                  + settings.maxImagePixels()
                  + " pixels");
        }
        return reader.read(0);
      } catch (IOException | IllegalArgumentException | IllegalStateException broken) {
        throw InvalidDataset.at(e.getName(), "is not a readable image: " + broken.getMessage());
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * The image drawn (scaled when its size differs) into the target shape, as C×H×W bytes, RGB
   * order.
   */
  private static byte[] pixels(BufferedImage image, InputShape shape) {
    int type = shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
    BufferedImage target = new BufferedImage(shape.width(), shape.height(), type);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, shape.width(), shape.height(), null);
    } finally {
      g.dispose();
    }
    byte[] data = ((DataBufferByte) target.getRaster().getDataBuffer()).getData();
    if (shape.channels() == 1) return data;
    int plane = shape.width() * shape.height();
    byte[] chw = new byte[3 * plane];
    for (int p = 0; p < plane; p++) {
      chw[p] = data[p * 3 + 2]; // R
      chw[plane + p] = data[p * 3 + 1]; // G
      chw[2 * plane + p] = data[p * 3]; // B
    }
    return chw;
  }

  // ---------------------------------------------------------------- shared

  private ZipFile zip(Upload upload) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(upload.file().toFile());
    } catch (ZipException e) {
      throw InvalidDataset.at(upload.name(), "is not a zip file (" + e.getMessage() + ")");
    }
    if (zip.size() > settings.maxZipEntries()) {
      zip.close();
      throw InvalidDataset.at(
          upload.name(),
          "has "
              + zip.size()
              + " entries; at most "
              + settings.maxZipEntries()
              + " (zip-bomb guard)");
    }
    return zip;
  }

  private DataInputStream entry(ZipFile zip, ZipEntry e, Upload upload) throws IOException {
    try {
      return new DataInputStream(
          new BufferedInputStream(
              new Guarded(
                  zip.getInputStream(e),
                  e.getName(),
                  e.getCompressedSize(),
                  settings.maxCompressionRatio(),
                  budget,
                  settings.maxUncompressedBytes()),
              1 << 16));
    } catch (ZipException broken) {
      throw InvalidDataset.at(
          e.getName(), "cannot be read from " + upload.name() + ": " + broken.getMessage());
    }
  }

  private void tooLarge(String file, long n, int imageBytes) {
    if (n * (imageBytes + 1L) > settings.maxDatasetBytes()) {
      throw InvalidDataset.at(
          file,
          n
              + " examples of "
              + imageBytes
              + " bytes are more than this server's limit of "
              + settings.maxDatasetBytes()
              + " bytes per dataset");
    }
  }

  private static void side(String file, int height, int width) {
    if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
      throw InvalidDataset.at(
          file,
          "images of " + width + "×" + height + "; each side must be 1 to " + MAX_SIDE + " pixels");
    }
  }

  static RuntimeException labelOutOfRange(String file, long index, long label, int classes) {
    return InvalidDataset.at(
        file, index, "label " + label + " is out of range: labels must be 0 to " + (classes - 1));
  }

  static String text(InputShape s) {
    return s.channels() + "×" + s.height() + "×" + s.width();
  }
}
