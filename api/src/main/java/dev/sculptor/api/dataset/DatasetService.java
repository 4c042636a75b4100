package dev.sculptor.api.dataset;

import dev.sculptor.api.ApiSettings;
import dev.sculptor.api.problem.Problem.FieldError;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.api.quota.SubmitQuotas;
import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetFile;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.dataset.DatasetRepository;
import dev.sculptor.store.dataset.DatasetRow;
import dev.sculptor.store.dataset.DatasetRows;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks parsed examples, splits them, writes the one stored form ({@link DatasetFile}) into the
 * artifact store and records it. Nothing is half-stored: the file is written under a temporary name
 * and moved into place, the rows are written in one transaction after it, and a failure at any step
 * removes what the earlier steps made.
 */
@ApplicationScoped
public class DatasetService {
  @Inject DatasetSettings settings;
  @Inject DatasetRepository datasets;
  @Inject SubmitQuotas quotas;

  @Inject ApiSettings apiSettings;

  /**
   * A dataset a job of this team may name, as the catalogue describes it (input shape, classes,
   * split sizes): a built-in one or one of the team's uploads; empty for anything else.
   */
  public Optional<DatasetInfo> info(UUID teamId, String id) {
    Optional<DatasetInfo> builtIn = DatasetCatalog.builtIn(id);
    if (builtIn.isPresent() || DatasetCatalog.uploadedUuid(id).isEmpty()) return builtIn;
    return datasets.findOwned(id, teamId).map(DatasetRows::info);
  }

  /** What the upload said besides its files. */
  record Request(String name, String format, Integer classes, long seed) {}

  Path tempDir() throws IOException {
    return Files.createDirectories(root().resolve(".incoming"));
  }

  Path root() {
    return Paths.get(apiSettings.artifactDir()).toAbsolutePath().normalize().resolve("datasets");
  }

  DatasetRow store(UUID teamId, UploadParser.Parsed parsed, Request request) throws IOException {
    Examples examples = parsed.examples();
    int classes = classes(parsed, request);
    int[] perClass = new int[classes];
    for (int i = 0; i < examples.size(); i++) {
      if (examples.label(i) >= classes)
        throw UploadParser.labelOutOfRange(parsed.labelsFile(), i, examples.label(i), classes);
      perClass[examples.label(i)]++;
    }
    checkClasses(parsed, perClass);
    DatasetSplitter.Split split =
        DatasetSplitter.split(
            examples, classes, request.seed(), settings.validationShare(), settings.testShare());
    if (split.train().length == 0 || split.validation().length == 0 || split.test().length == 0) {
      throw InvalidDataset.at(
          parsed.labelsFile(),
          "the splits must each hold examples: train "
              + split.train().length
              + ", validation "
              + split.validation().length
              + ", test "
              + split.test().length);
    }
    var header =
        new DatasetFile.Header(
            examples.shape(),
            classes,
            split.train().length,
            split.validation().length,
            split.test().length);
    checkQuota(teamId, header.fileBytes());

    UUID id = UUID.randomUUID();
    Path dir = root().resolve(id.toString());
    Path file = dir.resolve(DatasetFile.FILE_NAME);
    try {
      Files.createDirectories(dir);
      String sha256 = write(examples, split, header, dir);
      return QuarkusTransaction.requiringNew()
          .call(
              () -> {
                quotas.lockTeam(teamId);
                checkQuota(teamId, header.fileBytes());
                Artifact artifact = new Artifact();
                artifact.id = UUID.randomUUID();
                artifact.uri = file.toUri().toString();
                artifact.bytes = Files.size(file);
                artifact.sha256 = sha256;
                artifact.mediaType = DatasetFile.MEDIA_TYPE;
                Panache.getEntityManager().persist(artifact);
                Panache.getEntityManager().flush();
                DatasetRow row = new DatasetRow();
                row.id = id;
                row.teamId = teamId;
                row.name = request.name();
                row.sourceFormat = request.format();
                row.channels = header.shape().channels();
                row.height = header.shape().height();
                row.width = header.shape().width();
                row.classNames =
                    Json.write(
                        parsed.classNames() != null
                            ? parsed.classNames()
                            : dev.sculptor.core.dataset.DatasetInfo.numbered(classes));
                row.classCounts = Json.write(counts(examples, split, classes));
                row.trainExamples = header.train();
                row.validationExamples = header.validation();
                row.testExamples = header.test();
                row.splitSeed = examples.splitsGiven() ? null : request.seed();
                row.bytes = artifact.bytes;
                row.artifactId = artifact.id;
                row.createdAt = Instant.now();
                datasets.persist(row);
                return row;
              });
    } catch (RuntimeException | IOException e) {
      removeFiles(dir);
      throw e;
    }
  }

  private static int classes(UploadParser.Parsed parsed, Request request) {
    if (parsed.classNames() != null) return parsed.classNames().size();
    if (request.classes() != null) return request.classes();
    int max = -1;
    for (int i = 0; i < parsed.examples().size(); i++)
      max = Math.max(max, parsed.examples().label(i));
    return max + 1;
  }

  private void checkClasses(UploadParser.Parsed parsed, int[] perClass) {
    String where = parsed.labelsFile();
    if (perClass.length < 2) {
      throw InvalidDataset.at(
          where,
          "has "
              + perClass.length
              + " class"
              + (perClass.length == 1 ? "" : "es")
              + "; at least 2 are needed to train a classifier");
    }
    List<FieldError> errors = new ArrayList<>();
    for (int c = 0; c < perClass.length; c++) {
      if (perClass[c] < settings.minExamplesPerClass()) {
        String name =
            parsed.classNames() != null
                ? "class '" + parsed.classNames().get(c) + "'"
                : "class " + c;
        errors.add(
            new FieldError(
                where,
                name
                    + " has "
                    + perClass[c]
                    + " examples; each class needs at least "
                    + settings.minExamplesPerClass()));
      }
      if (errors.size() == 20) break;
    }
    if (!errors.isEmpty())
      throw new ProblemException(422, InvalidDataset.TYPE, "The dataset is invalid", errors);
  }

  private void checkQuota(UUID teamId, long bytes) {
    long held = datasets.bytesOfTeam(teamId);
    if (held + bytes > settings.teamQuotaBytes()) {
      throw new ProblemException(
          422,
          "dataset-quota-exceeded",
          "The team's dataset quota would be exceeded",
          List.of(
              new FieldError(
                  "quota",
                  "this dataset needs "
                      + bytes
                      + " bytes stored; the team holds "
                      + held
                      + " of its "
                      + settings.teamQuotaBytes()
                      + " bytes; delete a dataset first")));
    }
  }

  /**
   * Writes the dataset file under a temporary name, then moves it into place; returns its sha256.
   */
  private String write(
      Examples examples, DatasetSplitter.Split split, DatasetFile.Header header, Path dir)
      throws IOException {
    Path partial = dir.resolve(DatasetFile.FILE_NAME + ".partial");
    MessageDigest digest = sha256();
    try (OutputStream raw = Files.newOutputStream(partial);
        DataOutputStream out =
            new DataOutputStream(
                new BufferedOutputStream(new DigestOutputStream(raw, digest), 1 << 16));
        FileChannel pixels = examples.open()) {
      DatasetFile.writeHeader(out, header);
      for (int[] part : List.of(split.train(), split.validation(), split.test()))
        for (int i : part) out.writeByte(examples.label(i));
      ByteBuffer image = ByteBuffer.allocate(examples.imageBytes());
      for (int[] part : List.of(split.train(), split.validation(), split.test())) {
        for (int i : part) {
          Examples.readImage(pixels, i, image);
          out.write(image.array(), 0, image.limit());
        }
      }
    }
    Files.move(partial, dir.resolve(DatasetFile.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static Map<String, List<Integer>> counts(
      Examples examples, DatasetSplitter.Split split, int classes) {
    Map<String, List<Integer>> counts = new LinkedHashMap<>();
    String[] names = {"train", "validation", "test"};
    int[][] parts = {split.train(), split.validation(), split.test()};
    for (int s = 0; s < 3; s++) {
      Integer[] perClass = new Integer[classes];
      java.util.Arrays.fill(perClass, 0);
      for (int i : parts[s]) perClass[examples.label(i)]++;
      counts.put(names[s], List.of(perClass));
    }
    return counts;
  }

  /** Deletes a team's dataset; 409 while a job that has not ended names it. */
  void delete(UUID teamId, String id) {
    Path dir =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  DatasetRow row =
                      datasets
                          .findOwned(id, teamId)
                          .orElseThrow(() -> ProblemException.notFound("dataset"));
                  String jobId = DatasetCatalog.uploadedId(row.id);
                  long using = datasets.activeJobsUsing(teamId, jobId);
                  if (using > 0) {
                    throw new ProblemException(
                        409,
                        "dataset-in-use",
                        "The dataset is used by a job that has not ended",
                        List.of(
                            new FieldError(
                                "id",
                                using
                                    + " queued or running job"
                                    + (using == 1 ? "" : "s")
                                    + " of the team name "
                                    + jobId
                                    + "; cancel or wait for them first")));
                  }
                  Artifact artifact =
                      Panache.getEntityManager().find(Artifact.class, row.artifactId);
                  datasets.delete(row);
                  Panache.getEntityManager().flush();
                  if (artifact != null) Panache.getEntityManager().remove(artifact);
                  return root().resolve(row.id.toString());
                });
    removeFiles(dir);
  }

  private static void removeFiles(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // Nothing there, or already gone: a leftover file without a row is never served.
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
