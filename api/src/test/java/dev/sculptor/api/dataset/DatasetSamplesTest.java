package dev.sculptor.api.dataset;

import static dev.sculptor.api.ApiClientAccess.as;
import static dev.sculptor.api.dataset.DatasetFiles.labels;
import static dev.sculptor.api.dataset.DatasetFiles.npz;
import static dev.sculptor.api.dataset.DatasetFiles.png;
import static dev.sculptor.api.dataset.DatasetFiles.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Sample images of an uploaded dataset against the real api and PostgreSQL: each class's first
 * train images come back as PNGs with the uploaded pixels (channels in the right order), large
 * images scaled down, only to the team that owns the dataset.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DatasetSamplesTest {
  private static final String DATASETS = "/api/v1/datasets";

  @Test
  void eachClassShowsItsFirstTrainImagesAsPngsWithTheUploadedColours() throws Exception {
    String key = ApiClientAccess.newTeam("ds-samples-" + System.nanoTime());
    String other = ApiClientAccess.newTeam("ds-samples-other-" + System.nanoTime());
    // cats red, dogs blue (pure colours, so a swapped channel order would show); pixel (0, 0) is
    // the class's colour
    int[] colours = {0xff0000, 0x0000ff};
    String[] names = new String[24];
    byte[][] files = new byte[24][];
    for (int i = 0; i < 24; i++) {
      names[i] = (i % 2 == 0 ? "cat" : "dog") + "/" + i + ".png";
      files[i] = png(10, 12, colours[i % 2]);
    }
    String id =
        as(key)
            .multiPart("format", "image-zip")
            .multiPart("file", "pets.zip", zip(names, files))
            .post(DATASETS)
            .then()
            .statusCode(201)
            .body("inputShape", equalTo("3x12x10"))
            .extract()
            .path("id");
    List<Integer> trainCounts =
        as(key).get(DATASETS + "/" + id).then().extract().path("countsPerClass.train");

    JsonPath samples =
        as(key)
            .queryParam("perClass", 3)
            .get(DATASETS + "/" + id + "/samples")
            .then()
            .statusCode(200)
            .body("id", equalTo(id))
            .body("inputShape", equalTo("3x12x10"))
            .body("perClass", equalTo(3))
            .body("split", equalTo("train"))
            .body("mediaType", equalTo("image/png"))
            .extract()
            .jsonPath();

    List<Map<String, Object>> classes = samples.getList("classes");
    assertThat(classes).extracting(c -> c.get("name")).containsExactly("cat", "dog");
    assertThat(classes).extracting(c -> c.get("label")).containsExactly(0, 1);
    assertThat(classes)
        .extracting(c -> c.get("trainExamples"))
        .containsExactlyElementsOf(trainCounts);
    for (int c = 0; c < 2; c++) {
      List<Map<String, Object>> images = samples.getList("classes[" + c + "].samples");
      assertThat(images).hasSize(3);
      assertThat(images).extracting(s -> s.get("index")).doesNotHaveDuplicates();
      for (Map<String, Object> s : images) {
        assertThat(s.get("width")).isEqualTo(10);
        assertThat(s.get("height")).isEqualTo(12);
        BufferedImage image =
            ImageIO.read(
                new ByteArrayInputStream(Base64.getDecoder().decode((String) s.get("png"))));
        assertThat(image.getWidth()).isEqualTo(10);
        assertThat(image.getHeight()).isEqualTo(12);
        assertThat(image.getRGB(0, 0) & 0xffffff).as("class %d's colour", c).isEqualTo(colours[c]);
      }
    }
    // the same dataset always shows the same images
    assertThat(
            as(key)
                .queryParam("perClass", 3)
                .get(DATASETS + "/" + id + "/samples")
                .then()
                .extract()
                .jsonPath()
                .getList("classes.samples.index"))
        .isEqualTo(samples.getList("classes.samples.index"));

    // another team's dataset is not found; a bad perClass names the field
    as(other)
        .get(DATASETS + "/" + id + "/samples")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as(key)
        .queryParam("perClass", 0)
        .get(DATASETS + "/" + id + "/samples")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("perClass"));
    as(key)
        .get(DATASETS + "/mnist-10k/samples")
        .then()
        .statusCode(404)
        .body("errors[0].field", equalTo("id"));
  }

  @Test
  void largeGrayscaleImagesAreScaledDownTo64PxOnTheirLongSide() throws Exception {
    String key = ApiClientAccess.newTeam("ds-samples-big-" + System.nanoTime());
    String id =
        as(key)
            .multiPart("format", "npz")
            .multiPart("file", "big.npz", npz(labels(2, 10), 80, 100, 0, 3))
            .post(DATASETS)
            .then()
            .statusCode(201)
            .body("inputShape", equalTo("1x80x100"))
            .extract()
            .path("id");

    JsonPath samples =
        as(key)
            .get(DATASETS + "/" + id + "/samples")
            .then()
            .statusCode(200)
            .body("perClass", equalTo(8))
            .extract()
            .jsonPath();

    assertThat(samples.getList("classes[0].samples")).hasSize(8);
    assertThat(samples.getInt("classes[0].samples[0].width")).isEqualTo(64);
    assertThat(samples.getInt("classes[0].samples[0].height")).isEqualTo(51);
    BufferedImage image =
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(samples.getString("classes[0].samples[0].png"))));
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(51);
  }

  @Test
  void theOpenApiDocumentListsTheSamplesEndpoint() {
    var doc =
        io.restassured.RestAssured.given()
            .accept("application/json")
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(doc.getMap("paths").keySet()).contains(DATASETS + "/{id}/samples");
    assertThat(doc.getMap("components.schemas.DatasetSamples.properties"))
        .containsKeys("perClass", "classes");
  }
}
