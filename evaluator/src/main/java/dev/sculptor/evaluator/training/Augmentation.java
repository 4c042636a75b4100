package dev.sculptor.evaluator.training;

import java.util.Random;

/**
 * Image augmentation for the final phase: random translations of up to {@code shiftPixels} pixels
 * each way, and, when {@code rotationDegrees} or {@code zoomPercent} is positive, a random rotation
 * of up to that many degrees and a random scaling by up to that percentage about the image centre,
 * sampled bilinearly. The uncovered border is filled with zeros.
 *
 * <p>Each image's draw takes two integers (the shift, when shifts are asked for) from its random
 * stream, then, only when a rotation or zoom is asked for, two doubles: a translation-only recipe
 * sees the same shifts it always did, and {@link #skip} replays exactly what a run drew.
 */
public record Augmentation(int shiftPixels, int rotationDegrees, int zoomPercent) {
  public static final Augmentation NONE = new Augmentation(0, 0, 0);

  public Augmentation {
    if (shiftPixels < 0 || rotationDegrees < 0 || zoomPercent < 0)
      throw new IllegalArgumentException("augmentation cannot be negative");
  }

  public static Augmentation shifts(int shiftPixels) {
    return new Augmentation(shiftPixels, 0, 0);
  }

  public boolean any() {
    return shiftPixels > 0 || warps();
  }

  private boolean warps() {
    return rotationDegrees > 0 || zoomPercent > 0;
  }

  /** Draws what {@code images} augmented images would have drawn, without making them. */
  void skip(Random random, int images) {
    for (int k = 0; k < images; k++) draw(random);
  }

  /**
   * Writes one C×H×W image from {@code from} at {@code fromOffset}, augmented by a fresh draw from
   * {@code random}, into {@code to} at {@code toOffset}.
   */
  void apply(
      Random random,
      float[] from,
      int fromOffset,
      float[] to,
      int toOffset,
      int channels,
      int height,
      int width) {
    Draw d = draw(random);
    if (!warps()) {
      shift(from, fromOffset, to, toOffset, channels, height, width, d.dx(), d.dy());
    } else {
      warp(
          from,
          fromOffset,
          to,
          toOffset,
          channels,
          height,
          width,
          d.dx(),
          d.dy(),
          d.angle(),
          d.scale());
    }
  }

  /** One image's random transform: a shift in pixels, an angle in radians, a scale. */
  private record Draw(int dx, int dy, double angle, double scale) {}

  private Draw draw(Random random) {
    int dx = shiftPixels > 0 ? random.nextInt(2 * shiftPixels + 1) - shiftPixels : 0;
    int dy = shiftPixels > 0 ? random.nextInt(2 * shiftPixels + 1) - shiftPixels : 0;
    if (!warps()) return new Draw(dx, dy, 0, 1);
    double angle = Math.toRadians((2 * random.nextDouble() - 1) * rotationDegrees);
    double scale = 1 + (2 * random.nextDouble() - 1) * zoomPercent / 100.0;
    return new Draw(dx, dy, angle, scale);
  }

  /**
   * Copies one C×H×W image moved {@code dx} pixels right and {@code dy} down (negative: left, up).
   */
  static void shift(
      float[] from,
      int fromOffset,
      float[] to,
      int toOffset,
      int channels,
      int height,
      int width,
      int dx,
      int dy) {
    for (int c = 0; c < channels; c++) {
      int plane = c * height * width;
      for (int y = 0; y < height; y++) {
        int sy = y - dy;
        int row = toOffset + plane + y * width;
        if (sy < 0 || sy >= height) {
          java.util.Arrays.fill(to, row, row + width, 0f);
          continue;
        }
        int srcRow = fromOffset + plane + sy * width;
        for (int x = 0; x < width; x++) {
          int sx = x - dx;
          to[row + x] = sx < 0 || sx >= width ? 0f : from[srcRow + sx];
        }
      }
    }
  }

  /**
   * Rotates by {@code angle} and scales by {@code scale} about the centre, then moves by (dx, dy):
   * each output pixel samples the source bilinearly at the inverse transform of its position.
   */
  static void warp(
      float[] from,
      int fromOffset,
      float[] to,
      int toOffset,
      int channels,
      int height,
      int width,
      int dx,
      int dy,
      double angle,
      double scale) {
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    double cos = Math.cos(angle) / scale;
    double sin = Math.sin(angle) / scale;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double u = x - dx - cx;
        double v = y - dy - cy;
        double sx = cos * u + sin * v + cx;
        double sy = -sin * u + cos * v + cy;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int c = 0; c < channels; c++) {
          int plane = fromOffset + c * height * width;
          double value =
              (1 - fy)
                      * ((1 - fx) * at(from, plane, height, width, x0, y0)
                          + fx * at(from, plane, height, width, x0 + 1, y0))
                  + fy
                      * ((1 - fx) * at(from, plane, height, width, x0, y0 + 1)
                          + fx * at(from, plane, height, width, x0 + 1, y0 + 1));
          to[toOffset + c * height * width + y * width + x] = (float) value;
        }
      }
    }
  }

  private static float at(float[] image, int plane, int height, int width, int x, int y) {
    return x < 0 || y < 0 || x >= width || y >= height ? 0f : image[plane + y * width + x];
  }
}
