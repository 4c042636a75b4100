package dev.sculptor.core.messaging;

import java.util.Locale;

/**
 * The files stored for each evaluated attempt: the deployable ONNX model, and the DJL zip the
 * evaluator trained (kept for {@code ?format=djl}; candidates evaluated before the ONNX export have
 * only this one).
 */
public enum ModelFormat {
  ONNX("model.onnx", ".onnx", "application/octet-stream"),
  DJL("model.zip", ".zip", "application/zip");

  private final String fileName;
  private final String extension;
  private final String mediaType;

  ModelFormat(String fileName, String extension, String mediaType) {
    this.fileName = fileName;
    this.extension = extension;
    this.mediaType = mediaType;
  }

  /** The file's name inside an attempt's folder of the artifact store. */
  public String fileName() {
    return fileName;
  }

  /** The extension of a downloaded file, with its dot. */
  public String extension() {
    return extension;
  }

  /** The media type recorded in the artifact row. */
  public String mediaType() {
    return mediaType;
  }

  /** The name in {@code ?format=}: "onnx" or "djl". */
  public String queryName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
