package dev.sculptor.evaluator.measurement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The NVIDIA GPU a {@code nvidia-gpu} evaluator times on, as {@code nvidia-smi} names it: model,
 * driver and memory. Every latency measured there carries it, so a GPU number names its GPU.
 */
public record Gpu(String name, String driver, String memory) {
  static final String QUERY = "--query-gpu=name,driver_version,memory.total";

  /** "NVIDIA H200, driver 570.86.15, 143771 MiB". */
  public String label() {
    return name + ", driver " + driver + ", " + memory;
  }

  /** The first GPU {@code nvidia-smi} lists, or empty where there is none or no driver. */
  public static Optional<Gpu> probe() {
    try {
      Process p =
          new ProcessBuilder("nvidia-smi", QUERY, "--format=csv,noheader")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) return Optional.empty();
      return parse(out);
    } catch (IOException e) {
      return Optional.empty(); // no nvidia-smi: no driver, no GPU
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The first line of {@code nvidia-smi --query-gpu=name,driver_version,memory.total} CSV. */
  static Optional<Gpu> parse(String csv) {
    for (String line : csv.strip().split("\\R")) {
      String[] fields = line.split(",");
      if (fields.length != 3) continue;
      String name = fields[0].strip();
      if (name.isEmpty()) continue;
      return Optional.of(new Gpu(name, fields[1].strip(), fields[2].strip()));
    }
    return Optional.empty();
  }
}
