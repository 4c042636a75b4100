package dev.sculptor.evaluator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.network.InputShape;
import org.junit.jupiter.api.Test;

class LabeledImagesTest {
  private static final InputShape SHAPE = new InputShape(1, 2, 3);

  /** Five images of six pixels; pixel p of image i is byte 10 i + p. */
  private static byte[] bytes() {
    byte[] b = new byte[30];
    for (int i = 0; i < 5; i++) for (int p = 0; p < 6; p++) b[i * 6 + p] = (byte) (10 * i + p);
    return b;
  }

  private static float[] floats() {
    byte[] b = bytes();
    float[] f = new float[b.length];
    for (int i = 0; i < b.length; i++) f[i] = (b[i] & 0xff) / 255f;
    return f;
  }

  @Test
  void storedBytesReadAsTheSameFloatsAsImagesHeldAsFloats() {
    int[] labels = {0, 1, 0, 1, 0};
    var fromBytes = new LabeledImages(SHAPE, Pixels.Bytes.of(bytes()), labels, 2);
    var fromFloats = new LabeledImages(SHAPE, floats(), labels, 2);
    assertThat(fromBytes.images(0, 5)).containsExactly(fromFloats.images(0, 5));
    assertThat(fromBytes.images(1, 2)).containsExactly(fromFloats.images(1, 2));
    float[] one = new float[8];
    fromBytes.image(3, one, 2);
    assertThat(one[2]).isEqualTo(30 / 255f);
    assertThat(one[7]).isEqualTo(35 / 255f);
  }

  @Test
  void firstAndSkipSplitImagesAndLabelsTogether() {
    var all = new LabeledImages(SHAPE, Pixels.Bytes.of(bytes()), new int[] {0, 1, 2, 3, 4}, 5);
    LabeledImages head = all.first(2);
    LabeledImages tail = all.skip(2);
    assertThat(head.labels()).containsExactly(0, 1);
    assertThat(tail.labels()).containsExactly(2, 3, 4);
    assertThat(tail.images(0, 1)[0]).isEqualTo(20 / 255f);
    assertThat(head.images(1, 1)[5]).isEqualTo(15 / 255f);
    assertThat(all.first(9)).isSameAs(all);
  }

  @Test
  void pixelsThatDoNotFitTheLabelsAreRefused() {
    assertThatThrownBy(() -> new LabeledImages(SHAPE, new float[7], new int[1], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7 pixel values for 1 images");
  }
}
