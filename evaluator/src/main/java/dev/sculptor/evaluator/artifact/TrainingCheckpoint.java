package dev.sculptor.evaluator.artifact;

import dev.sculptor.core.messaging.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The trained float parameters of a candidate's full (unpruned) network after search training,
 * before any pruning or quantisation, so a later stage can continue training instead of starting
 * again. A zip of {@code checkpoint.json} ({@link Header}) and {@code parameters.bin} (every
 * parameter, running statistics included, in the network's parameter order, fp32 little-endian).
 * Adam's moments are not kept: DJL keeps them private to its optimizer, so a continued stage starts
 * a fresh optimizer on the restored weights.
 */
public record TrainingCheckpoint(Header header, float[][] values) {

  /**
   * What the parameters are: the candidate's fingerprint, the dataset, the epochs trained, the
   * train subset and seed of that training, and each parameter's element count (to refuse a
   * checkpoint that does not fit the network).
   */
  public record Header(
      String fingerprint,
      String dataset,
      int epochsDone,
      Integer trainSubset,
      long seed,
      List<Integer> sizes) {}

  /** What looking for an evaluation's checkpoint found: it, or why there is none to use. */
  public sealed interface Lookup {}

  /** The checkpoint, readable and of the network and dataset looked for. */
  public record Found(TrainingCheckpoint checkpoint) implements Lookup {}

  /** None to use; {@code why} says so in words (names the evaluation). */
  public record Unusable(String why) implements Lookup {}

  /**
   * The training checkpoint evaluation {@code candidateId} of {@code jobId} kept in {@code store},
   * if it is there (another evaluator's disk does not count), readable, and of the network with
   * {@code fingerprint} trained on {@code dataset}.
   */
  public static Lookup lookup(
      ArtifactStore store, UUID jobId, UUID candidateId, String fingerprint, String dataset) {
    String of = "the checkpoint of " + candidateId;
    Optional<Path> file = store.checkpoint(jobId, candidateId);
    if (file.isEmpty()) return new Unusable(of + " is not on this evaluator");
    TrainingCheckpoint checkpoint;
    try {
      checkpoint = read(file.get());
    } catch (IOException | RuntimeException e) {
      return new Unusable(of + " could not be read (" + e.getMessage() + ")");
    }
    if (!fingerprint.equals(checkpoint.header().fingerprint())
        || !dataset.equals(checkpoint.header().dataset())) {
      return new Unusable(of + " is of another network or dataset");
    }
    return new Found(checkpoint);
  }

  public static TrainingCheckpoint of(
      String fingerprint,
      String dataset,
      int epochsDone,
      Integer trainSubset,
      long seed,
      float[][] values) {
    List<Integer> sizes = new ArrayList<>();
    for (float[] v : values) sizes.add(v.length);
    return new TrainingCheckpoint(
        new Header(fingerprint, dataset, epochsDone, trainSubset, seed, sizes), values);
  }

  public void write(Path file) throws IOException {
    long floats = 0;
    for (float[] v : values) floats += v.length;
    ByteBuffer raw =
        ByteBuffer.allocate(Math.toIntExact(floats * 4)).order(ByteOrder.LITTLE_ENDIAN);
    // a float view starts at the byte buffer's position and does not move it: advance by hand
    for (float[] v : values) {
      raw.asFloatBuffer().put(v);
      raw.position(raw.position() + v.length * 4);
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("checkpoint.json"));
      zip.write(Json.write(header).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("parameters.bin"));
      zip.write(raw.array());
      zip.closeEntry();
    }
  }

  public static TrainingCheckpoint read(Path file) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; )
        entries.put(e.getName(), zip.readAllBytes());
    }
    if (!entries.containsKey("checkpoint.json") || !entries.containsKey("parameters.bin"))
      throw new IOException(file + " is not a training checkpoint");
    Header header =
        Json.read(new String(entries.get("checkpoint.json"), StandardCharsets.UTF_8), Header.class);
    ByteBuffer raw = ByteBuffer.wrap(entries.get("parameters.bin")).order(ByteOrder.LITTLE_ENDIAN);
    float[][] values = new float[header.sizes().size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = new float[header.sizes().get(i)];
      if (raw.remaining() < values[i].length * 4)
        throw new IOException(file + " is cut short: parameter " + i + " is incomplete");
      raw.asFloatBuffer().get(values[i]);
      raw.position(raw.position() + values[i].length * 4);
    }
    if (raw.hasRemaining()) throw new IOException(file + " has bytes beyond its parameters");
    return new TrainingCheckpoint(header, values);
  }
}
