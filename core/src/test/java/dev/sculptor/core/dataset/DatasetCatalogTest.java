package dev.sculptor.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatasetCatalogTest {
  @Test
  void theBuiltInDatasetsAreMnistShapedWithTenClasses() {
    assertThat(DatasetCatalog.builtIn("mnist-10k"))
        .get()
        .satisfies(
            d -> {
              assertThat(d.shape()).isEqualTo(new InputShape(1, 28, 28));
              assertThat(d.classes()).isEqualTo(10);
            });
    assertThat(DatasetCatalog.builtIn("ds-nope")).isEmpty();
  }

  @Test
  void anUploadedIdIsDsAndAUuidAndNothingElse() {
    UUID id = UUID.randomUUID();
    assertThat(DatasetCatalog.uploadedUuid(DatasetCatalog.uploadedId(id))).contains(id);
    assertThat(DatasetCatalog.uploadedUuid(id.toString())).isEmpty();
    assertThat(DatasetCatalog.uploadedUuid("ds-not-a-uuid")).isEmpty();
    assertThat(DatasetCatalog.uploadedUuid("mnist-10k")).isEmpty();
  }

  @Test
  void theDatasetFileHeaderReadsBackWhatWasWritten() throws Exception {
    var header = new DatasetFile.Header(new InputShape(3, 32, 32), 4, 80, 10, 10);
    var bytes = new ByteArrayOutputStream();
    DatasetFile.writeHeader(new DataOutputStream(bytes), header);
    assertThat(bytes.size()).isEqualTo(DatasetFile.HEADER_BYTES);
    assertThat(
            DatasetFile.readHeader(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isEqualTo(header);
    assertThat(header.fileBytes()).isEqualTo(DatasetFile.HEADER_BYTES + 100L * (1 + 3 * 32 * 32));
  }

  @Test
  void anUploadedDatasetRefCarriesItsFileShapeAndClassesThroughJson() {
    DatasetRef ref =
        DatasetRef.uploaded(
            "ds-" + UUID.randomUUID(),
            "file:///a/dataset.sds",
            "ab".repeat(32),
            new InputShape(3, 32, 32),
            List.of("cat", "dog", "bird", "fish"));
    assertThat(ref.classes()).isEqualTo(4);
    assertThat(Json.read(Json.write(ref), DatasetRef.class)).isEqualTo(ref);
    assertThat(Json.read("{\"id\":\"mnist-10k\",\"path\":null}", DatasetRef.class))
        .isEqualTo(DatasetRef.builtIn("mnist-10k"));
  }

  @Test
  void networksTakeTheDatasetsChannelsAndClassesAndLargeInputsGetAStrideTwoStem() {
    var candidate = MobileCnnSpace.decode(MobileCnnSpace.random(new Random(5)), null);
    NetworkSpec rgb = NetworkDecoder.decode(candidate, new InputShape(3, 32, 32), 4);
    assertThat(rgb.stem().in()).isEqualTo(3);
    assertThat(rgb.stem().stride()).isEqualTo(1);
    assertThat(rgb.head().getLast().out()).isEqualTo(4);
    NetworkSpec large = NetworkDecoder.decode(candidate, new InputShape(3, 96, 128), 2);
    assertThat(large.stem().stride()).isEqualTo(2);
    assertThat(large.stem().outHeight()).isEqualTo(48);
  }
}
