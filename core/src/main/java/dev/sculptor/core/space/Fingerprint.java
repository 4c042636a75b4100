package dev.sculptor.core.space;

import dev.sculptor.core.messaging.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable identity of a decoded candidate: identical candidates are evaluated once per job. */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(CandidateSpec spec) {
    try {
      byte[] canonical = Json.canonical(spec).getBytes(StandardCharsets.UTF_8);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
