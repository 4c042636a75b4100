package dev.sculptor.api.dataset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of dataset uploads (application.properties, {@code sculptor.datasets.*}). */
@ConfigMapping(prefix = "sculptor.datasets")
public interface DatasetSettings {
  /** Largest request body of an upload (all files together, as sent). */
  @WithDefault("134217728")
  long maxUploadBytes();

  /**
   * Largest stored dataset (pixels + labels). An evaluator holds a dataset as floats, 4 bytes per
   * pixel, so this bounds an uploaded dataset's heap on an evaluator at 4 × this.
   */
  @WithDefault("67108864")
  long maxDatasetBytes();

  /** Bytes of stored datasets one team may hold. */
  @WithDefault("268435456")
  long teamQuotaBytes();

  /** Fewer examples than this in any class is refused. */
  @WithDefault("10")
  int minExamplesPerClass();

  /** Zip-bomb guard: entries in one zip or npz. */
  @WithDefault("200000")
  int maxZipEntries();

  /** Zip-bomb guard: bytes decompressed from one upload, all entries (or one gzip) together. */
  @WithDefault("536870912")
  long maxUncompressedBytes();

  /**
   * Zip-bomb guard: an entry expanding more than this many times its compressed size (beyond 1 MiB)
   * is refused.
   */
  @WithDefault("200")
  int maxCompressionRatio();

  /** Largest image (width × height) decoded from an image zip. */
  @WithDefault("16777216")
  long maxImagePixels();

  /** Shares of each class held out for validation and test when the upload gives no splits. */
  @WithDefault("0.1")
  double validationShare();

  @WithDefault("0.1")
  double testShare();
}
