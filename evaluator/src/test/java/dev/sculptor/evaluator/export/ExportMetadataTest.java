package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.InputShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportMetadataTest {
  private static final InputShape RGB = new InputShape(3, 8, 8);

  @Test
  void anUploadsClassNamesNameTheModelsOutputs() {
    DatasetRef upload =
        DatasetRef.uploaded("ds-1", "file:///d.sds", "ab".repeat(32), RGB, List.of("cat", "dog"));
    assertThat(ExportMetadata.classNames(upload, 2)).containsExactly("cat", "dog");
  }

  @Test
  void builtInsOldRequestsAndMismatchedCountsGetNumberedClasses() {
    assertThat(ExportMetadata.classNames(DatasetRef.builtIn("mnist-10k"), 3))
        .containsExactly("0", "1", "2");
    // a request from a worker that predates class names: the count alone
    DatasetRef old = new DatasetRef("ds-2", null, "file:///d.sds", "ab".repeat(32), RGB, 2, null);
    assertThat(ExportMetadata.classNames(old, 2)).containsExactly("0", "1");
    DatasetRef upload =
        DatasetRef.uploaded("ds-3", "file:///d.sds", "ab".repeat(32), RGB, List.of("a", "b"));
    assertThat(ExportMetadata.classNames(upload, 3)).containsExactly("0", "1", "2");
  }
}
