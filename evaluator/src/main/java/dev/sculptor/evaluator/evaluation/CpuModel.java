package dev.sculptor.evaluator.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CPU's name as /proc/cpuinfo gives it. An x86 kernel writes a "model name"; an arm64 kernel
 * writes only each core's implementer and part numbers (and on some boards the board's "Model"), so
 * those are decoded into the core's name, as Linux's arm64 cputype.h names them: a Raspberry Pi 4
 * reads "Cortex-A72 (Raspberry Pi 4 Model B Rev 1.1)", not its part number.
 */
public final class CpuModel {
  /** Arm Ltd's (implementer 0x41) cores by part number. */
  private static final Map<String, String> ARM_CORES =
      Map.ofEntries(
          Map.entry("0xd03", "Cortex-A53"),
          Map.entry("0xd04", "Cortex-A35"),
          Map.entry("0xd05", "Cortex-A55"),
          Map.entry("0xd07", "Cortex-A57"),
          Map.entry("0xd08", "Cortex-A72"),
          Map.entry("0xd09", "Cortex-A73"),
          Map.entry("0xd0a", "Cortex-A75"),
          Map.entry("0xd0b", "Cortex-A76"),
          Map.entry("0xd0c", "Neoverse-N1"),
          Map.entry("0xd0d", "Cortex-A77"),
          Map.entry("0xd40", "Neoverse-V1"),
          Map.entry("0xd41", "Cortex-A78"),
          Map.entry("0xd44", "Cortex-X1"),
          Map.entry("0xd46", "Cortex-A510"),
          Map.entry("0xd47", "Cortex-A710"),
          Map.entry("0xd48", "Cortex-X2"),
          Map.entry("0xd49", "Neoverse-N2"),
          Map.entry("0xd4b", "Cortex-A78C"),
          Map.entry("0xd4f", "Neoverse-V2"),
          Map.entry("0xd80", "Cortex-A520"),
          Map.entry("0xd81", "Cortex-A720"),
          Map.entry("0xd82", "Cortex-X4"),
          Map.entry("0xd84", "Neoverse-V3"),
          Map.entry("0xd87", "Cortex-A725"),
          Map.entry("0xd8e", "Neoverse-N3"));

  private CpuModel() {}

  /** This machine's CPU, or null when /proc/cpuinfo can't be read or names none. */
  public static String probe() {
    return of(cpuinfo());
  }

  /** This machine's /proc/cpuinfo, line by line (empty where it can't be read). */
  public static List<String> cpuinfo() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /**
   * The features the first core lists ("Features" on arm64, "flags" on x86-64), or null where there
   * is no such line.
   */
  public static Set<String> features(List<String> cpuinfo) {
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).strip();
      if (key.equals("Features") || key.equals("flags"))
        return Set.of(line.substring(colon + 1).strip().split("\\s+"));
    }
    return null;
  }

  /**
   * The "model name" when there is one; else the distinct cores ("Cortex-A76 + Cortex-A55" on a
   * big.LITTLE chip) with the board's model or hardware after them; else null.
   */
  public static String of(List<String> cpuinfo) {
    Set<String> cores = new LinkedHashSet<>();
    String implementer = null;
    String board = null;
    String hardware = null;
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (value.isEmpty()) continue;
      switch (key) {
        case "model name" -> {
          return value;
        }
        case "CPU implementer" -> implementer = value.toLowerCase(Locale.ROOT);
        case "CPU part" -> cores.add(core(implementer, value.toLowerCase(Locale.ROOT)));
        case "Model" -> board = value;
        case "Hardware" -> hardware = value;
        default -> {}
      }
    }
    String where = board != null ? board : hardware;
    if (cores.isEmpty()) return where;
    String names = String.join(" + ", cores);
    return where == null ? names : names + " (" + where + ")";
  }

  private static String core(String implementer, String part) {
    if ("0x41".equals(implementer) && ARM_CORES.containsKey(part)) return ARM_CORES.get(part);
    return "CPU implementer " + implementer + " part " + part;
  }
}
