package dev.sculptor.api.dataset;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sculptor.api.auth.CallerContext;
import dev.sculptor.api.catalog.Catalog;
import dev.sculptor.api.problem.Problem.FieldError;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.dataset.DatasetRepository;
import dev.sculptor.store.dataset.DatasetRow;
import dev.sculptor.store.dataset.DatasetRows;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Datasets: the built-in ones and a team's uploads (docs/datasets.md). */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Datasets")
@SecurityRequirement(name = "apiKey")
public class DatasetResource {
  @Inject CallerContext caller;
  @Inject DatasetRepository datasets;
  @Inject DatasetService service;
  @Inject DatasetSettings settings;

  /** The multipart form, for the OpenAPI document only. */
  @Schema(name = "DatasetUpload")
  public static class UploadForm {
    @Schema(
        required = true,
        enumeration = {"idx", "npz", "image-zip"},
        description = "Which files follow")
    public String format;

    @Schema(description = "A name for people; default: the file's name")
    public String name;

    @Schema(
        type = SchemaType.STRING,
        format = "binary",
        description = "idx: the IDX image file (magic 0x803, N×H×W uint8; gzipped or not)")
    public String images;

    @Schema(
        type = SchemaType.STRING,
        format = "binary",
        description = "idx: the IDX label file (magic 0x801)")
    public String labels;

    @Schema(
        type = SchemaType.STRING,
        format = "binary",
        description =
            "npz: a .npz with uint8 x (N,H,W) or (N,H,W,C) and integer y (N,); or x_train/y_train,"
                + " x_validation/y_validation, x_test/y_test for given splits. image-zip: a zip of"
                + " <class>/<image>.png|jpg folders (optionally under train/ validation/ test/)")
    public String file;

    @Schema(
        description =
            "Number of classes (idx, npz): labels must be below it; default: the largest label + 1")
    public Integer classes;

    @Schema(
        description =
            "image-zip: resize every image to width × height; default: all images must have the"
                + " first one's size")
    public Integer width;

    @Schema(description = "image-zip: see width")
    public Integer height;

    @Schema(description = "image-zip: 1 (grayscale) or 3 (RGB, default)")
    public Integer channels;

    @Schema(
        description =
            "Seed of the stratified train/validation/test split (default 42); unused when the"
                + " upload gives splits")
    public Long seed;
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      summary = "Upload a dataset",
      description =
          "multipart/form-data; the files are streamed to temporary files, checked, split"
              + " (stratified, seeded) and stored in the artifact store in one canonical form with"
              + " its sha256. Any problem is a 422 naming the file (form part or zip entry) and,"
              + " where there is one, the example's index, and nothing is stored. Limits: see"
              + " docs/datasets.md.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.MULTIPART_FORM_DATA,
              schema = @Schema(implementation = UploadForm.class)))
  @APIResponse(
      responseCode = "201",
      description = "Stored; Location names it",
      content = @Content(schema = @Schema(implementation = DatasetView.class)))
  @APIResponse(
      responseCode = "413",
      description = "The upload is larger than sculptor.datasets.max-upload-bytes")
  @APIResponse(
      responseCode = "422",
      description = "invalid-dataset (what and where) or dataset-quota-exceeded")
  public Response upload(
      @RestForm("format") String format,
      @RestForm("name") String name,
      @RestForm("images") FileUpload images,
      @RestForm("labels") FileUpload labels,
      @RestForm("file") FileUpload file,
      @RestForm("classes") Integer classes,
      @RestForm("width") Integer width,
      @RestForm("height") Integer height,
      @RestForm("channels") Integer channels,
      @RestForm("seed") Long seed)
      throws IOException {
    if (classes != null && (classes < 2 || classes > 256))
      throw InvalidDataset.at("classes", "must be 2 to 256");
    UploadParser parser = new UploadParser(settings, service.tempDir());
    UploadParser.Parsed parsed;
    String fallbackName;
    try {
      switch (format == null ? "" : format) {
        case "idx" -> {
          parsed = parser.idx(part(images, "images"), part(labels, "labels"), classes);
          fallbackName = images.fileName();
        }
        case "npz" -> {
          parsed = parser.npz(part(file, "file"), classes);
          fallbackName = file.fileName();
        }
        case "image-zip" -> {
          parsed =
              parser.imageZip(part(file, "file"), width, height, channels == null ? 3 : channels);
          fallbackName = file.fileName();
        }
        default -> throw InvalidDataset.at("format", "must be one of idx, npz, image-zip");
      }
    } catch (ZipException | EOFException e) {
      throw InvalidDataset.at(
          images != null ? images.fileName() : file != null ? file.fileName() : "file",
          "could not be read: " + e.getMessage());
    }
    try (Examples ignored = parsed.examples()) {
      String shown = name == null || name.isBlank() ? fallbackName : name.strip();
      if (shown == null || shown.isBlank()) shown = "dataset";
      if (shown.length() > 200 || shown.chars().anyMatch(Character::isISOControl)) {
        throw InvalidDataset.at("name", "must be 1 to 200 characters without control characters");
      }
      DatasetRow row =
          service.store(
              caller.teamId(),
              parsed,
              new DatasetService.Request(shown, format, classes, seed == null ? 42L : seed));
      DatasetView view = QuarkusTransaction.requiringNew().call(() -> Views.view(row));
      return Response.created(URI.create("/api/v1/datasets/" + view.id())).entity(view).build();
    }
  }

  private static UploadParser.Upload part(FileUpload upload, String field) {
    if (upload == null)
      throw InvalidDataset.at(
          field, "is required for this format (a file part named '" + field + "')");
    return new UploadParser.Upload(
        upload.fileName() == null || upload.fileName().isBlank() ? field : upload.fileName(),
        upload.uploadedFile());
  }

  @GET
  @Transactional
  @Operation(summary = "Datasets a job may name: the built-in ones and the caller's team's uploads")
  public List<DatasetView> list() {
    List<DatasetView> all = new ArrayList<>();
    for (DatasetInfo d : DatasetCatalog.builtIn())
      all.add(DatasetView.builtIn(d, Catalog.licence(d.id())));
    for (DatasetRow row : datasets.listByTeam(caller.teamId())) all.add(Views.view(row));
    return all;
  }

  @GET
  @Path("/{id}")
  @Transactional
  @Operation(
      summary =
          "One dataset: shape C×H×W, classes, counts per split and class balance (404 for another"
              + " team's)")
  public DatasetView get(@PathParam("id") String id) {
    var builtIn = DatasetCatalog.builtIn(id);
    if (builtIn.isPresent()) return DatasetView.builtIn(builtIn.get(), Catalog.licence(id));
    return Views.view(
        datasets
            .findOwned(id, caller.teamId())
            .orElseThrow(() -> ProblemException.notFound("dataset")));
  }

  @GET
  @Path("/{id}/samples")
  @Operation(
      summary = "Sample images of each class of an uploaded dataset",
      description =
          "The first perClass images of each class in the stored train split (shuffled by the"
              + " split's seed, so always the same ones), as base64 PNGs, scaled down to at most 64"
              + " px on the long side; at most 512 images in all (perClass is lowered to fit)."
              + " Built-in datasets live in the evaluator: 404.")
  @APIResponse(
      responseCode = "200",
      description = "The samples",
      content = @Content(schema = @Schema(implementation = DatasetSamplesView.class)))
  @APIResponse(responseCode = "400", description = "perClass out of range (1 to 32)")
  @APIResponse(responseCode = "404", description = "No such uploaded dataset of the caller's team")
  public DatasetSamplesView samples(
      @PathParam("id") String id,
      @Parameter(description = "Images per class, 1 to 32 (default 8)") @QueryParam("perClass")
          Integer perClass)
      throws IOException {
    int requested = perClass == null ? DatasetSamples.DEFAULT_PER_CLASS : perClass;
    if (requested < 1 || requested > DatasetSamples.MAX_PER_CLASS) {
      throw ProblemException.field(400, "perClass", "must be 1 to " + DatasetSamples.MAX_PER_CLASS);
    }
    if (DatasetCatalog.builtIn(id).isPresent()) {
      throw new ProblemException(
          404,
          "not-found",
          "No samples of a built-in dataset",
          List.of(
              new FieldError(
                  "id",
                  id
                      + " is built into the evaluators; the api keeps images of uploaded datasets"
                      + " only")));
    }
    record Stored(DatasetInfo info, java.nio.file.Path file) {}
    // the rows in a short transaction of their own; the file is read after it
    Stored stored =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  DatasetRow row =
                      datasets
                          .findOwned(id, caller.teamId())
                          .orElseThrow(() -> ProblemException.notFound("dataset"));
                  Artifact artifact =
                      Panache.getEntityManager().find(Artifact.class, row.artifactId);
                  if (artifact == null) throw ProblemException.notFound("dataset file");
                  return new Stored(
                      DatasetRows.info(row), java.nio.file.Path.of(URI.create(artifact.uri)));
                });
    int shown = DatasetSamples.perClass(requested, stored.info().classes());
    return new DatasetSamplesView(
        stored.info().id(),
        DatasetView.shapeText(stored.info()),
        shown,
        "train",
        "image/png",
        DatasetSamples.read(stored.file(), stored.info().classNames(), shown));
  }

  @DELETE
  @Path("/{id}")
  @Operation(
      summary = "Delete an uploaded dataset and its file",
      description = "409 dataset-in-use while a job that has not ended names it.")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "404",
      description = "No such dataset of the caller's team (built-ins cannot be deleted)")
  @APIResponse(responseCode = "409", description = "A queued or running job uses it")
  public Response delete(@PathParam("id") String id) {
    service.delete(caller.teamId(), id);
    return Response.noContent().build();
  }

  /** Row → view (inside a transaction: reads the artifact row for the sha256). */
  static final class Views {
    private Views() {}

    static DatasetView view(DatasetRow row) {
      DatasetInfo info = DatasetRows.info(row);
      Artifact artifact = Panache.getEntityManager().find(Artifact.class, row.artifactId);
      Map<String, List<Integer>> counts;
      try {
        counts =
            Json.mapper()
                .readValue(row.classCounts, new TypeReference<Map<String, List<Integer>>>() {});
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new java.io.UncheckedIOException(e);
      }
      int total = row.trainExamples + row.validationExamples + row.testExamples;
      List<Double> balance = new ArrayList<>();
      for (int c = 0; c < info.classes(); c++) {
        int n = 0;
        for (List<Integer> split : counts.values()) n += split.get(c);
        balance.add(Math.round(10000.0 * n / total) / 10000.0);
      }
      return new DatasetView(
          info.id(),
          "uploaded",
          row.name,
          row.sourceFormat + " upload",
          info.classes(),
          info.classNames(),
          DatasetView.shapeText(info),
          new DatasetView.Shape(row.channels, row.height, row.width),
          row.trainExamples,
          row.validationExamples,
          row.testExamples,
          counts,
          balance,
          row.sourceFormat,
          row.bytes,
          artifact == null ? null : artifact.sha256.trim(),
          null,
          row.createdAt);
    }
  }
}
