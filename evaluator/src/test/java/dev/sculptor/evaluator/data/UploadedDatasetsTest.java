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
    assertThat(splits.train().pixels()[1]).isEqualTo(1 / 255f);
    assertThat(splits.test().pixels()[0]).isEqualTo((5 * 48 % 256) / 255f);
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

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
