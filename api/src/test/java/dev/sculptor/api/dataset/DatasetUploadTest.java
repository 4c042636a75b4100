package dev.sculptor.api.dataset;

import static dev.sculptor.api.ApiClientAccess.as;
import static dev.sculptor.api.dataset.DatasetFiles.gzip;
import static dev.sculptor.api.dataset.DatasetFiles.idxImages;
import static dev.sculptor.api.dataset.DatasetFiles.idxLabels;
import static dev.sculptor.api.dataset.DatasetFiles.labels;
import static dev.sculptor.api.dataset.DatasetFiles.npz;
import static dev.sculptor.api.dataset.DatasetFiles.png;
import static dev.sculptor.api.dataset.DatasetFiles.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Dataset uploads against the real api and PostgreSQL: each format stored, and each kind of bad
 * file answered 422 with what is wrong and where, nothing stored. Test limits
 * (application.properties, %test): team quota 200,000 bytes, at least 5 examples per class,
 * 8,000,000 bytes decompressed.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DatasetUploadTest {
  private static final String DATASETS = "/api/v1/datasets";

  @Test
  void gzippedIdxIsStoredWithAStratifiedSeededSplitAndItsShapeClassesAndCounts() throws Exception {
    String key = ApiClientAccess.newTeam("ds-idx-" + System.nanoTime());
    int[] labels = labels(3, 10);
    String id =
        as(key)
            .multiPart("format", "idx")
            .multiPart("name", "tiny digits")
            .multiPart("images", "train-images-idx3-ubyte.gz", gzip(idxImages(30, 8, 8, 1)))
            .multiPart("labels", "train-labels-idx1-ubyte.gz", gzip(idxLabels(labels)))
            .post(DATASETS)
            .then()
            .statusCode(201)
            .body("inputShape", equalTo("1x8x8"))
            .body("classes", equalTo(3))
            .body("format", equalTo("idx"))
            .body("trainExamples", equalTo(24))
            .body("validationExamples", equalTo(3))
            .body("testExamples", equalTo(3))
            .body("countsPerClass.train", equalTo(List.of(8, 8, 8)))
            .body("countsPerClass.validation", equalTo(List.of(1, 1, 1)))
            .body("classBalance", equalTo(List.of(0.3333f, 0.3333f, 0.3333f)))
            .body("sha256", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"))
            .extract()
            .path("id");
    assertThat(id).startsWith("ds-");
    as(key)
        .get(DATASETS + "/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("tiny digits"))
        .body("shape.channels", equalTo(1));
    as(key)
        .get(DATASETS)
        .then()
        .statusCode(200)
        .body("id", hasItem(id))
        .body("id", hasItem("mnist-10k"));
  }

  @Test
  void anRgbNpzIsStoredChannelsFirstAndIsAJobsDatasetUntilDeletedWhichWaitsForItsJobs()
      throws Exception {
    String key = ApiClientAccess.newTeam("ds-npz-" + System.nanoTime());
    String other = ApiClientAccess.newTeam("ds-npz-other-" + System.nanoTime());
    String id =
        as(key)
            .multiPart("format", "npz")
            .multiPart("file", "rgb.npz", npz(labels(2, 10), 8, 8, 3, 2))
            .post(DATASETS)
            .then()
            .statusCode(201)
            .body("inputShape", equalTo("3x8x8"))
            .body("classNames", equalTo(List.of("0", "1")))
            .extract()
            .path("id");

    // Another team sees nothing, can delete nothing and cannot name it in a job.
    as(other).get(DATASETS + "/" + id).then().statusCode(404);
    as(other).delete(DATASETS + "/" + id).then().statusCode(404);
    as(other).get(DATASETS).then().body("id", not(hasItem(id)));
    as(other)
        .contentType("application/json")
        .body(job(id))
        .post("/api/v1/jobs")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("dataset"));

    String job =
        as(key)
            .contentType("application/json")
            .body(job(id))
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .body("dataset", equalTo(id))
            .extract()
            .path("id");
    as(key)
        .delete(DATASETS + "/" + id)
        .then()
        .statusCode(409)
        .body("type", containsString("dataset-in-use"));
    as(key).post("/api/v1/jobs/" + job + "/cancel").then().statusCode(202);
    as(key).delete(DATASETS + "/" + id).then().statusCode(204);
    as(key).get(DATASETS + "/" + id).then().statusCode(404);
    assertThat(datasetsDir().resolve(id.substring(3))).doesNotExist();
  }

  @Test
  void aZipOfClassFoldersIsDecodedAndResizedToTheDeclaredSize() throws Exception {
    String key = ApiClientAccess.newTeam("ds-zip-" + System.nanoTime());
    String[] names = new String[12];
    byte[][] files = new byte[12][];
    for (int i = 0; i < 12; i++) {
      names[i] = "pets/" + (i % 2 == 0 ? "cat" : "dog") + "/" + i + ".png";
      files[i] = png(10 + i, 12, i % 2 == 0 ? 0xff0000 : 0x00ff00);
    }
    as(key)
        .multiPart("format", "image-zip")
        .multiPart("width", "8")
        .multiPart("height", "6")
        .multiPart("file", "pets.zip", zip(names, files))
        .post(DATASETS)
        .then()
        .statusCode(201)
        .body("inputShape", equalTo("3x6x8"))
        .body("classNames", equalTo(List.of("cat", "dog")));
  }

  @Test
  void imagesOfDifferentSizesWithoutADeclaredSizeAreRefusedNamingTheImage() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    byte[] zip =
        zip(
            new String[] {"cat/1.png", "cat/2.png", "dog/1.png"},
            new byte[][] {png(8, 8, 1), png(9, 8, 1), png(8, 8, 2)});
    refused(as(key).multiPart("format", "image-zip").multiPart("file", "pets.zip", zip))
        .body("errors[0].field", equalTo("cat/2.png"))
        .body("errors[0].reason", containsString("9×8 but cat/1.png is 8×8"));
    assertNothingStored(key);
  }

  @Test
  void aClassFolderWithACommaIsRefusedNamingTheEntry() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    byte[] zip =
        zip(new String[] {"cat/1.png", "big,dog/1.png"}, new byte[][] {png(8, 8, 1), png(8, 8, 2)});
    refused(as(key).multiPart("format", "image-zip").multiPart("file", "pets.zip", zip))
        .body("errors[0].field", equalTo("big,dog/1.png"))
        .body("errors[0].reason", containsString("has a ',' in its name"));
    assertNothingStored(key);
  }

  @Test
  void aLabelOutOfRangeIsRefusedNamingTheLabelFileAndIndex() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    int[] labels = labels(3, 6);
    labels[7] = 7;
    refused(
            as(key)
                .multiPart("format", "idx")
                .multiPart("classes", "3")
                .multiPart("images", "img.idx", idxImages(18, 4, 4, 1))
                .multiPart("labels", "lab.idx", idxLabels(labels)))
        .body("errors[0].field", equalTo("lab.idx[7]"))
        .body("errors[0].reason", containsString("label 7 is out of range"));
    assertNothingStored(key);
  }

  @Test
  void oneClassIsRefused() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    refused(
            as(key)
                .multiPart("format", "npz")
                .multiPart("file", "one.npz", npz(new int[12], 4, 4, 0, 1)))
        .body("errors[0].field", equalTo("y.npy"))
        .body("errors[0].reason", containsString("at least 2 are needed"));
  }

  @Test
  void tooFewExamplesOfAClassAreRefusedNamingTheClass() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    int[] labels = labels(2, 8);
    for (int i = 0; i < 5; i++) labels[2 * i + 1] = 0; // class 1 keeps 3 examples
    refused(
            as(key)
                .multiPart("format", "npz")
                .multiPart("file", "few.npz", npz(labels, 4, 4, 0, 1)))
        .body("errors[0].reason", equalTo("class 1 has 3 examples; each class needs at least 5"));
  }

  @Test
  void aTruncatedIdxFileIsRefusedNamingTheImageWhereItEnds() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    byte[] images = idxImages(20, 4, 4, 1);
    byte[] cut = java.util.Arrays.copyOf(images, images.length - 20); // ends inside image 18
    refused(
            as(key)
                .multiPart("format", "idx")
                .multiPart("images", "img.idx", cut)
                .multiPart("labels", "lab.idx", idxLabels(labels(2, 10))))
        .body("errors[0].field", equalTo("img.idx[18]"))
        .body("errors[0].reason", containsString("truncated"));
    assertNothingStored(key);
  }

  @Test
  void aFileThatIsNotAnImageIsRefusedNamingTheEntry() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    byte[] zip =
        zip(
            new String[] {"cat/1.png", "cat/2.png", "dog/1.png"},
            new byte[][] {png(8, 8, 1), "this is not a picture".getBytes(), png(8, 8, 2)});
    refused(as(key).multiPart("format", "image-zip").multiPart("file", "pets.zip", zip))
        .body("errors[0].field", equalTo("cat/2.png"))
        .body("errors[0].reason", containsString("not an image"));
  }

  @Test
  void aZipBombIsRefusedBeforeItIsUnpacked() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    // 4 MB of zeros deflate to about 4 KB: a ratio of about 1000, over the guard's 200.
    byte[] bomb =
        zip(
            new String[] {"y.npy", "x.npy"},
            new byte[][] {
              DatasetFiles.npy("|u1", new int[] {4}, new byte[4]),
              DatasetFiles.npy("|u1", new int[] {4, 1000, 1000}, new byte[4_000_000])
            });
    assertThat(bomb.length).isLessThan(100_000);
    refused(as(key).multiPart("format", "npz").multiPart("file", "bomb.npz", bomb))
        .body("errors[0].field", equalTo("x.npy"))
        .body("errors[0].reason", containsString("zip-bomb guard"));
    assertNothingStored(key);
  }

  @Test
  void aDatasetOverTheTeamsQuotaIsRefusedAndTheTeamKeepsWhatItHad() throws Exception {
    String key = ApiClientAccess.newTeam("ds-quota-" + System.nanoTime());
    // 2 × 30 RGB 24×24 images: 60 × 1729 = 103,740 bytes stored; a second one passes 200,000.
    as(key)
        .multiPart("format", "npz")
        .multiPart("file", "a.npz", npz(labels(2, 30), 24, 24, 3, 1))
        .post(DATASETS)
        .then()
        .statusCode(201);
    as(key)
        .multiPart("format", "npz")
        .multiPart("file", "b.npz", npz(labels(2, 30), 24, 24, 3, 2))
        .post(DATASETS)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", containsString("dataset-quota-exceeded"))
        .body("errors[0].field", equalTo("quota"));
    as(key).get(DATASETS).then().body("findAll { it.source == 'uploaded' }.size()", equalTo(1));
  }

  @Test
  void anUnknownFormatOrAMissingPartIsRefusedNamingTheField() throws Exception {
    String key = ApiClientAccess.newTeam("ds-bad-" + System.nanoTime());
    refused(as(key).multiPart("format", "csv").multiPart("file", "a.csv", "1,2".getBytes()))
        .body("errors[0].field", equalTo("format"));
    refused(
            as(key)
                .multiPart("format", "idx")
                .multiPart("images", "img.idx", idxImages(20, 4, 4, 1)))
        .body("errors[0].field", equalTo("labels"));
  }

  private static ValidatableResponse refused(RequestSpecification request) {
    return request
        .post(DATASETS)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("https://sculptor.dev/problems/invalid-dataset"));
  }

  private static String job(String dataset) {
    return ApiClientAccess.VALID_JOB.replace("\"mnist-10k\"", "\"" + dataset + "\"");
  }

  private static Path datasetsDir() {
    return Path.of(ConfigProvider.getConfig().getValue("sculptor.artifact-dir", String.class))
        .toAbsolutePath()
        .normalize()
        .resolve("datasets");
  }

  /** No row for the team, and no temp file left behind in the upload's work folder. */
  private static void assertNothingStored(String key) throws Exception {
    as(key).get(DATASETS).then().body("findAll { it.source == 'uploaded' }.size()", equalTo(0));
    Path incoming = datasetsDir().resolve(".incoming");
    if (Files.isDirectory(incoming)) {
      try (Stream<Path> left = Files.list(incoming)) {
        assertThat(left.toList()).isEmpty();
      }
    }
  }
}
