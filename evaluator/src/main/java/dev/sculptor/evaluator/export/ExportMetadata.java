package dev.sculptor.evaluator.export;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What a deployed model says about itself in its {@code metadata_props}: who made it, from which
 * candidate, and what its classes are called.
 */
public record ExportMetadata(String sculptorVersion, String jobId, String candidateId, String specFingerprint,
    List<String> classNames) {

  public ExportMetadata {
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
  }

  /** Class names "0", "1", … for datasets whose labels are digits or unnamed. */
  public static List<String> numberedClasses(int classes) {
    return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
  }

  /** The running build's version (from the jar manifest), or "development" outside a jar. */
  public static String runningVersion() {
    String v = ExportMetadata.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
