package dev.sculptor.evaluator.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    var first = store.put(job, candidate, 1, scratch(store, "first attempt"));
    var second = store.put(job, candidate, 2, scratch(store, "second attempt"));
    Path late = scratch(store, "a late copy of the first attempt");

    assertThatThrownBy(() -> store.put(job, candidate, 1, late)).isInstanceOf(FileAlreadyExistsException.class);
    Path firstFile = Path.of(URI.create(first.uri()));
    assertThat(firstFile).isEqualTo(root.resolve(job + "/" + candidate + "/attempt-1/model.zip")).hasContent("first attempt");
    assertThat(Path.of(URI.create(second.uri()))).isEqualTo(root.resolve(job + "/" + candidate + "/attempt-2/model.zip"))
        .hasContent("second attempt");
    assertThat(first.sha256()).isEqualTo(FileArtifactStore.sha256(firstFile)).isNotEqualTo(second.sha256());
    assertThat(first.bytes()).isEqualTo("first attempt".length());
    try (var scratchLeft = Files.list(root.resolve(".incoming"))) {
      assertThat(scratchLeft).as("scratch files are removed, stored or refused").isEmpty();
    }
  }

  private static Path scratch(FileArtifactStore store, String content) throws Exception {
    Path file = store.newTempFile();
    Files.writeString(file, content);
    return file;
  }
}
