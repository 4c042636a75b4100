package dev.sculptor.core.job;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human units as users write them: sizes "10MB", "512 KiB", "2.5mb", plain bytes; durations "50ms",
 * "0.2 s", "100us", plain milliseconds. MB is 10^6 bytes and MiB 2^20, as on a disk label.
 */
public final class Units {
  private static final Pattern QUANTITY =
      Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?(?:[eE][0-9]+)?)\\s*([a-zA-Zµ]*)\\s*$");

  private Units() {}

  public static long parseBytes(String text) {
    Matcher m = match(text, "a size such as 10MB, 512KiB or 2000000");
    BigDecimal factor =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "", "b" -> BigDecimal.ONE;
          case "kb", "k" -> BigDecimal.valueOf(1_000L);
          case "mb", "m" -> BigDecimal.valueOf(1_000_000L);
          case "gb", "g" -> BigDecimal.valueOf(1_000_000_000L);
          case "kib" -> BigDecimal.valueOf(1L << 10);
          case "mib" -> BigDecimal.valueOf(1L << 20);
          case "gib" -> BigDecimal.valueOf(1L << 30);
          default ->
              throw new IllegalArgumentException(
                  "unknown size unit '" + m.group(2) + "'; use B, KB, MB, GB, KiB, MiB or GiB");
        };
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(factor);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
      throw new IllegalArgumentException("size is too large");
    return bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
  }

  public static double parseMillis(String text) {
    Matcher m = match(text, "a duration such as 50ms, 0.2s or 50");
    double value = Double.parseDouble(m.group(1));
    double factor =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "", "ms" -> 1;
          case "s", "sec" -> 1_000;
          case "us", "µs" -> 0.001;
          default ->
              throw new IllegalArgumentException(
                  "unknown duration unit '" + m.group(2) + "'; use ms, s or us");
        };
    double millis = value * factor;
    if (!Double.isFinite(millis)) throw new IllegalArgumentException("duration is too large");
    return millis;
  }

  private static Matcher match(String text, String expected) {
    Matcher m = QUANTITY.matcher(text == null ? "" : text);
    if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not " + expected);
    return m;
  }
}
