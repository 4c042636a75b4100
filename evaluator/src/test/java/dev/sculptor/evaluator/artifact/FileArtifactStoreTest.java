package dev.sculptor.evaluator.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.messaging.ModelFormat;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each attempt at a candidate has its own model file, written once. */
class FileArtifactStoreTest {
  @TempDir Path root;

  @Test
  void eachAttemptIsStoredInItsOwnPlaceAndAStoredModelIsNeverOverwritten() throws Exception {
    FileArtifactStore store = new FileArtifactStore(root);
    UUID job = UUID.randomUUID();
    UUID candidate = UUID.randomUUID();

    var first = store.put(job, candidate, 1, ModelFormat.ONNX, scratch(store, "first attempt"));
    var second = store.put(job, candidate, 2, ModelFormat.ONNX, scratch(store, "second attempt"));
    Path late = scratch(store, "a late copy of the first attempt");

    assertThatThrownBy(() -> store.put(job, candidate, 1, ModelFormat.ONNX, late))
        .isInstanceOf(FileAlreadyExistsException.class);
    Path firstFile = Path.of(URI.create(first.uri()));
    assertThat(firstFile)
        .isEqualTo(root.resolve(job + "/" + candidate + "/attempt-1/model.onnx"))
        .hasContent("first attempt");
    assertThat(Path.of(URI.create(second.uri())))
        .isEqualTo(root.resolve(job + "/" + candidate + "/attempt-2/model.onnx"))
        .hasContent("second attempt");
    assertThat(first.sha256())
        .isEqualTo(FileArtifactStore.sha256(firstFile))
        .isNotEqualTo(second.sha256());
    assertThat(first.bytes()).isEqualTo("first attempt".length());
    try (var scratchLeft = Files.list(root.resolve(".incoming"))) {
      assertThat(scratchLeft).as("scratch files are removed, stored or refused").isEmpty();
    }
  }

  @Test
  void theOnnxModelAndTheDjlZipOfOneAttemptLieSideBySide() throws Exception {
    FileArtifactStore store = new FileArtifactStore(root);
    UUID job = UUID.randomUUID();
    UUID candidate = UUID.randomUUID();

    var onnx = store.put(job, candidate, 1, ModelFormat.ONNX, scratch(store, "onnx"));
    var zip = store.put(job, candidate, 1, ModelFormat.DJL, scratch(store, "zip"));

    assertThat(Path.of(URI.create(onnx.uri())))
        .isEqualTo(root.resolve(job + "/" + candidate + "/attempt-1/model.onnx"));
    assertThat(Path.of(URI.create(zip.uri())))
        .isEqualTo(root.resolve(job + "/" + candidate + "/attempt-1/model.zip"));
    assertThatThrownBy(() -> store.put(job, candidate, 1, ModelFormat.DJL, scratch(store, "again")))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  private static Path scratch(FileArtifactStore store, String content) throws Exception {
    Path file = store.newTempFile();
    Files.writeString(file, content);
    return file;
  }
}
