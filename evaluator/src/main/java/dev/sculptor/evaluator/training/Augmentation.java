package dev.sculptor.evaluator.training;

/**
 * Light image augmentation for the final phase: random translations, the uncovered border filled
 * with zeros.
 */
final class Augmentation {
  private Augmentation() {}

  /**
   * Copies one C×H×W image from {@code from} at {@code fromOffset} into {@code to} at {@code
   * toOffset}, moved {@code dx} pixels right and {@code dy} down (negative: left, up).
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
}
