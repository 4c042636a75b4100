package dev.sculptor.evaluator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.dataset.DatasetFile;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.InputShape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadedDatasetsTest {
  @TempDir Path dir;

  @Test
  void anUploadedRgbDatasetIsReadSplitByItsHeaderAndNormalisedToTheUnitInterval() throws Exception {
    InputShape shape = new InputShape(3, 4, 4);
    Path file = write(shape, new int[] {0, 1, 0, 1, 1, 0});
    String sha = sha256(file);
    DatasetSplits splits =
        Datasets.load(
            DatasetRef.uploaded("ds-x", file.toUri().toString(), sha, shape, List.of("a", "b")));
    assertThat(splits.train().size()).isEqualTo(4);
    assertThat(splits.validation().size()).isEqualTo(1);
    assertThat(splits.test().labels()).containsExactly(0);
    assertThat(splits.train().shape()).isEqualTo(shape);
    assertThat(splits.train().images(0, 1)[1]).isEqualTo(1 / 255f);
    assertThat(splits.test().images(0, 1)[0]).isEqualTo((5 * 48 % 256) / 255f);
  }

  @Test
  void theImagesStayInTheFileAndAreReadFromItBatchByBatch() throws Exception {
    InputShape shape = new InputShape(1, 8, 8);
    Path file = write(shape, new int[] {1, 0, 1, 0, 0, 1});
    DatasetSplits splits =
        Datasets.load(
            DatasetRef.uploaded(
                "ds-m", file.toUri().toString(), sha256(file), shape, List.of("a", "b")));
    // a read-only mapping of the file, not floats on the heap
    assertThat(splits.train().pixels())
        .isInstanceOfSatisfying(
            Pixels.Bytes.class,
            p -> assertThat(p.values().isDirect() && p.values().isReadOnly()).isTrue());
    int size = 64;
    float[] validation = splits.validation().images(0, 1);
    for (int p = 0; p < size; p++)
      assertThat(validation[p]).isEqualTo(((4 * size + p) % 256) / 255f);
    float[] lastTwoTrain = splits.train().images(2, 2);
    for (int p = 0; p < 2 * size; p++)
      assertThat(lastTwoTrain[p]).isEqualTo(((2 * size + p) % 256) / 255f);
  }

  @Test
  void aTruncatedFileOrALabelOutOfRangeIsNotUsed() throws Exception {
    InputShape shape = new InputShape(1, 2, 2);
    Path whole = write(shape, new int[] {0, 1, 1, 0, 1, 0});
    byte[] bytes = Files.readAllBytes(whole);
    Path truncated = dir.resolve("truncated");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> load(truncated, shape))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("truncated at example 5");
    Path badLabel = write(shape, new int[] {0, 1, 2, 0, 1, 0});
    assertThatThrownBy(() -> load(badLabel, shape))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("label 2 at example 2");
  }

  @Test
  void aFileThatNoLongerMatchesItsSha256IsNotUsed() throws Exception {
    InputShape shape = new InputShape(1, 2, 2);
    Path file = write(shape, new int[] {0, 1, 1, 0, 1, 0});
    assertThatThrownBy(
            () ->
                Datasets.load(
                    DatasetRef.uploaded(
                        "ds-y", file.toUri().toString(), "0".repeat(64), shape, List.of("a", "b"))))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("sha256");
  }

  /** 4 train, 1 validation, 1 test; pixel p of example i is (i × imageBytes + p) mod 256. */
  private Path write(InputShape shape, int[] labels) throws Exception {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    DatasetFile.writeHeader(out, new DatasetFile.Header(shape, 2, 4, 1, 1));
    for (int l : labels) out.writeByte(l);
    int size = shape.channels() * shape.height() * shape.width();
    for (int i = 0; i < labels.length; i++)
      for (int p = 0; p < size; p++) out.writeByte((i * size + p) % 256);
    Path file = dir.resolve(DatasetFile.FILE_NAME + System.nanoTime());
    Files.write(file, bytes.toByteArray());
    return file;
  }

  private static DatasetSplits load(Path file, InputShape shape) throws Exception {
    return Datasets.load(
        DatasetRef.uploaded(
            "ds-" + file.getFileName(),
            file.toUri().toString(),
            sha256(file),
            shape,
            List.of("a", "b")));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
