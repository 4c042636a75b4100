package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.local.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A team's own RGB dataset, end to end on the whole product (real PostgreSQL and Kafka, the
 * packaged services): an .npz the test generates is uploaded, a job names it and runs QUEUED →
 * SUCCEEDED with its final phase; every candidate was built for the upload's 3×8×8 input and 4
 * classes, the downloaded models take 3×8×8 images, and the best network classifies the held-out
 * test split well above chance.
 *
 * <p>The images are learnable on purpose: class = dominant colour (red, green, blue, yellow) over
 * uniform noise. 8×8 keeps the search cheap (each candidate trains 4 epochs and fine-tunes 2 on 640
 * images). Measured on the 2-core build machine, 2026-12-02, two runs: the job took 169 s (load
 * average 14) and 58 s (the whole test 130 s with the stack's start); the front members' test
 * accuracy was 1.0, 0.8875, 1.0 and 1.0, 0.8875; the final model (rank 1: pruned 75%, int8, trained
 * with 2 px shifts, a quarter of these images) 0.6875 and 0.5375. Chance is 0.25: the test asks the
 * best front member for at least 0.65 and the final model for more than 0.35.
 */
class UploadedDatasetTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int CLASSES = 4;
  static final int PER_CLASS = 200;
  static final int SIDE = 8;
  static final InputShape SHAPE = new InputShape(3, SIDE, SIDE);
  static final double CHANCE = 1.0 / CLASSES;
  static Path data;
  static LocalStack stack;

  @BeforeAll
  static void start() throws IOException {
    data = Files.createTempDirectory("sculptor-uploaded-dataset");
    stack =
        LocalStack.start(
            Ports.free().options(Repo.root(), data), Duration.ofMinutes(3), System.out::println);
  }

  @AfterAll
  static void stopAndCheckNothingIsLeft() {
    StackChecks.closeLeavingNoProcess(stack);
  }

  @Test
  void aJobOnAnUploadedRgbDatasetRunsToSucceededWithModelsForItsShapeThatLearnedIt()
      throws Exception {
    HttpResponse<String> uploaded = upload(colours(5));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    JsonNode dataset = JSON.readTree(uploaded.body());
    assertThat(dataset.path("inputShape").asText()).isEqualTo("3x8x8");
    assertThat(dataset.path("classes").asInt()).isEqualTo(CLASSES);
    String datasetId = dataset.path("id").asText();

    JsonNode job =
        StackApi.submit(
            stack,
            """
            {"name": "own rgb data", "dataset": "%s", "hardwareTarget": "host-cpu",
             "constraints": {"maxModelBytes": "5MB"},
             "budget": {"maxCandidates": 3, "maxWallClockMinutes": 10, "populationSize": 3},
             "fidelity": {"epochs": 4, "fineTuneEpochs": 2},
             "finalTraining": {"candidates": 1, "epochs": 4, "fineTuneEpochs": 2}, "strategy": "random", "seed": 7}\
            """
                .formatted(datasetId));
    String id = job.path("id").asText();
    assertThat(job.path("status").asText()).isEqualTo("QUEUED");

    long t0 = System.nanoTime();
    JsonNode done = StackApi.awaitEnd(stack, data, id, Duration.ofMinutes(8));
    System.out.printf(
        "uploaded-dataset job ended %s in %d s%n",
        done.path("status").asText(), (System.nanoTime() - t0) / 1_000_000_000);

    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(done.path("dataset").asText()).isEqualTo(datasetId);
    JsonNode candidates = StackApi.get(stack, "/api/v1/jobs/" + id + "/candidates");
    // the budget counts candidates sent; any infeasible by construction is listed beside them
    int sent = 0;
    for (JsonNode c : candidates) if (!c.path("status").asText().equals("INFEASIBLE")) sent++;
    assertThat(sent).as(candidates.toString()).isEqualTo(3);
    List<Double> frontTest = new ArrayList<>();
    int succeeded = 0;
    for (JsonNode c : candidates) {
      if (c.path("status").asText().equals("INFEASIBLE")) continue;
      // A network may diverge on this 8×8 toy set: one SWISH candidate of this seed reached 0.975
      // in some builds and a NaN loss in its fourth epoch in others, with no change to its
      // training code. The product then reports the candidate FAILED with that reason, never a
      // number; anything else is a failure of this test.
      if (c.path("status").asText().equals("FAILED")
          && c.path("failureReason").asText().startsWith("training diverged")) continue;
      assertThat(c.path("status").asText()).as(c.toString()).isEqualTo("SUCCEEDED");
      succeeded++;
      // built for the upload: 3 input channels in the stem, 4 classes in the head
      CandidateSpec spec = Json.mapper().treeToValue(c.path("spec"), CandidateSpec.class);
      long params = c.path("metrics").path("params").asLong();
      assertThat(params)
          .as("params of " + c.path("id"))
          .isEqualTo(NetworkDecoder.decodePruned(spec, SHAPE, CLASSES).params())
          .isNotEqualTo(NetworkDecoder.decodePruned(spec, InputShape.MNIST, 10).params());
      // its search model takes 3×8×8 images
      assertThat(onnxText(id, c.path("id").asText(), "?stage=search"))
          .contains("input.shape", "batch,3,8,8");
      if (c.path("onFront").asBoolean()) frontTest.add(c.path("testAccuracy").asDouble());
    }
    assertThat(succeeded)
        .as("search candidates with a model: " + candidates)
        .isGreaterThanOrEqualTo(2);
    System.out.println("front test accuracies " + frontTest);
    assertThat(frontTest).isNotEmpty();
    assertThat(frontTest.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
        .as("best front member's test accuracy, chance %.2f", CHANCE)
        .isGreaterThanOrEqualTo(0.65);

    // the final phase trained the most accurate feasible front member again; its model is the
    // default download
    JsonNode best = null;
    for (JsonNode c : candidates) if (c.path("finalTraining").isObject()) best = c;
    assertThat(best).as("a candidate with a final training: " + candidates).isNotNull();
    JsonNode fin = best.path("finalTraining");
    System.out.println(
        "final training "
            + fin.path("status").asText()
            + ", test accuracy "
            + fin.path("testAccuracy"));
    assertThat(fin.path("status").asText()).as(fin.toString()).isEqualTo("SUCCEEDED");
    assertThat(fin.path("testAccuracy").asDouble())
        .as("final model's test accuracy, chance %.2f", CHANCE)
        .isGreaterThan(CHANCE + 0.10);
    String finalModel = onnxText(id, best.path("id").asText(), "");
    assertThat(finalModel)
        .contains("batch,3,8,8", best.path("id").asText(), "sculptor.final_training_id");
  }

  /** The ONNX download as text: its metadata (input shape, ids) is readable in it. */
  private static String onnxText(String job, String candidate, String query) throws Exception {
    HttpResponse<byte[]> model =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.apiUrl()
                            + "/api/v1/jobs/"
                            + job
                            + "/candidates/"
                            + candidate
                            + "/model"
                            + query))
                .header("Authorization", "Bearer " + stack.keys().teamKey())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(model.statusCode()).as("model of " + candidate).isEqualTo(200);
    assertThat(model.body()).startsWith(0x08, 0x08); // an ONNX ModelProto, IR version 8
    return new String(model.body(), StandardCharsets.ISO_8859_1);
  }

  /**
   * An .npz as np.savez writes it: x uint8 (N, 8, 8, 3) channels-last, y uint8 (N,). Class c's
   * images are noise in [0, 100) with its colour's channels raised by 140: red, green, blue,
   * yellow.
   */
  static byte[] colours(long seed) throws IOException {
    int[][] raised = {{0}, {1}, {2}, {0, 1}};
    Random random = new Random(seed);
    int n = CLASSES * PER_CLASS;
    byte[] x = new byte[n * SIDE * SIDE * 3];
    byte[] y = new byte[n];
    for (int i = 0; i < n; i++) {
      int label = i % CLASSES;
      y[i] = (byte) label;
      for (int p = 0; p < SIDE * SIDE; p++) {
        for (int ch = 0; ch < 3; ch++) {
          int v = random.nextInt(100);
          for (int r : raised[label]) if (r == ch) v += 140;
          x[(i * SIDE * SIDE + p) * 3 + ch] = (byte) v;
        }
      }
    }
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("x.npy"));
      zip.write(npy(new int[] {n, SIDE, SIDE, 3}, x));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("y.npy"));
      zip.write(npy(new int[] {n}, y));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  /** A uint8 .npy (format 1.0): magic, header padded to 64 bytes, then the data. */
  static byte[] npy(int[] shape, byte[] data) {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) dims.append(d).append(", ");
    String header =
        "{'descr': '|u1', 'fortran_order': False, 'shape': (" + dims.toString().strip() + "), }";
    header += " ".repeat((64 - (10 + header.length() + 1) % 64) % 64) + "\n";
    var out = new ByteArrayOutputStream();
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    out.write(1);
    out.write(0);
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** POST /api/v1/datasets as multipart/form-data: format npz, a name, the file. */
  static HttpResponse<String> upload(byte[] npz) throws Exception {
    String boundary = "sculptor-" + UUID.randomUUID();
    var body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\nnpz\r\n"
                + "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ncolours 8x8\r\n"
                + "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"colours.npz\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(npz);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/api/v1/datasets"))
            .header("Authorization", "Bearer " + stack.keys().teamKey())
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
