package dev.sculptor.evaluator.artifact;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import dev.sculptor.evaluator.network.WeightQuantization;
import dev.sculptor.evaluator.training.CandidateModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The deployable model: a zip with {@code candidate.json} (the candidate spec, input shape and
 * classes — the architecture travels with the weights), {@code manifest.json} (each tensor's name,
 * shape, encoding and offset) and {@code weights.bin} (little-endian; fp32, fp16, or int8 with fp32
 * per-channel scales for conv/dense weights at int8; each layer at its own precision where the plan
 * lists {@code layerPrecisions}). {@link #load} rebuilds the network in DJL.
 */
public final class ModelArchive {
  public record Header(CandidateSpec candidate, InputShape input, int classes) {}

  public record Tensor(String name, long[] shape, String encoding, long offset, long length) {}

  private ModelArchive() {}

  public static void write(
      Path file, CandidateSpec candidate, CandidateModel model, Precision precision)
      throws IOException {
    ByteArrayOutputStream weights = new ByteArrayOutputStream();
    List<Tensor> manifest = new ArrayList<>();
    List<Slot> slots = model.slots();
    List<Precision> each =
        WeightQuantization.slotPrecisions(
            model.spec(),
            slots,
            precision,
            candidate.compression() == null
                ? List.of()
                : candidate.compression().layerPrecisions());
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      Precision stored = each.get(i);
      float[] values = slot.parameter().getArray().toFloatArray();
      long[] shape = slot.parameter().getArray().getShape().getShape();
      long offset = weights.size();
      String encoding;
      if (stored == Precision.INT8 && slot.isWeight()) {
        WeightQuantization.Int8Tensor q = WeightQuantization.quantize(values, (int) shape[0]);
        weights.write(q.values());
        weights.write(floats(q.scales()));
        encoding = "int8+fp32-scales";
      } else if (stored == Precision.FP16) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putShort(Float.floatToFloat16(v));
        weights.write(b.array());
        encoding = "fp16";
      } else {
        weights.write(floats(values));
        encoding = "fp32";
      }
      manifest.add(new Tensor(slot.name(), shape, encoding, offset, weights.size() - offset));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      put(
          zip,
          "candidate.json",
          Json.write(new Header(candidate, model.spec().input(), model.spec().classes()))
              .getBytes(StandardCharsets.UTF_8));
      put(zip, "manifest.json", Json.write(manifest).getBytes(StandardCharsets.UTF_8));
      byte[] raw = weights.toByteArray();
      // Weights are stored uncompressed so the file's size is what the precision makes it.
      ZipEntry entry = new ZipEntry("weights.bin");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(raw.length);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(raw);
      entry.setCrc(crc.getValue());
      zip.putNextEntry(entry);
      zip.write(raw);
      zip.closeEntry();
    }
  }

  /** Rebuilds the (pruned) network from an archive, with the stored weights. */
  public static CandidateModel load(Path file) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; )
        entries.put(e.getName(), zip.readAllBytes());
    }
    for (String required : List.of("candidate.json", "manifest.json", "weights.bin")) {
      if (!entries.containsKey(required))
        throw new IOException(file + " is not a Sculptor model: " + required + " is missing");
    }
    Header header =
        Json.read(new String(entries.get("candidate.json"), StandardCharsets.UTF_8), Header.class);
    List<Tensor> manifest =
        Json.mapper().readValue(entries.get("manifest.json"), new TypeReference<List<Tensor>>() {});
    NetworkSpec spec =
        NetworkDecoder.decodePruned(header.candidate(), header.input(), header.classes());
    CandidateModel model =
        CandidateModel.create(spec, header.candidate().training().learningRate());
    ByteBuffer weights = ByteBuffer.wrap(entries.get("weights.bin")).order(ByteOrder.LITTLE_ENDIAN);
    List<Slot> slots = model.slots();
    if (slots.size() != manifest.size())
      throw new IOException(
          "archive has " + manifest.size() + " tensors, network needs " + slots.size());
    for (int i = 0; i < slots.size(); i++) {
      Tensor t = manifest.get(i);
      int count = (int) slots.get(i).parameter().getArray().size();
      float[] values = new float[count];
      ByteBuffer b =
          weights.slice((int) t.offset(), (int) t.length()).order(ByteOrder.LITTLE_ENDIAN);
      switch (t.encoding()) {
        case "fp32" -> b.asFloatBuffer().get(values);
        case "fp16" -> {
          for (int k = 0; k < count; k++) values[k] = Float.float16ToFloat(b.getShort());
        }
        case "int8+fp32-scales" -> {
          byte[] q = new byte[count];
          b.get(q);
          float[] scales = new float[(int) t.shape()[0]];
          b.asFloatBuffer().get(scales);
          values = WeightQuantization.dequantize(new WeightQuantization.Int8Tensor(q, scales));
        }
        default -> throw new IOException("unknown tensor encoding " + t.encoding());
      }
      slots.get(i).parameter().getArray().set(FloatBuffer.wrap(values));
    }
    return model;
  }

  private static byte[] floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}
