package dev.sculptor.store.dataset;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.dataset.Normalisation;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.store.artifact.Artifact;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * An uploaded dataset's row as the catalogue's {@link DatasetInfo}, and as the evaluator's {@link
 * DatasetRef}.
 */
public final class DatasetRows {
  private DatasetRows() {}

  public static DatasetInfo info(DatasetRow row) {
    return new DatasetInfo(
        DatasetCatalog.uploadedId(row.id),
        row.name,
        shape(row),
        classNames(row),
        row.trainExamples,
        row.validationExamples,
        row.testExamples,
        Normalisation.UNIT_INTERVAL);
  }

  public static InputShape shape(DatasetRow row) {
    return new InputShape(row.channels, row.height, row.width);
  }

  public static List<String> classNames(DatasetRow row) {
    try {
      return Json.mapper().readValue(row.classNames, new TypeReference<List<String>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DatasetRef ref(DatasetRow row, Artifact file) {
    return DatasetRef.uploaded(
        DatasetCatalog.uploadedId(row.id),
        file.uri,
        file.sha256.trim(),
        shape(row),
        classNames(row));
  }
}
