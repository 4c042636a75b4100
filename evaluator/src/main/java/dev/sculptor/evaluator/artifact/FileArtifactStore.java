package dev.sculptor.evaluator.artifact;

import dev.sculptor.core.messaging.EvaluationResult.ArtifactRef;
import dev.sculptor.core.messaging.ModelFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifacts as files under one folder: {@code <root>/<job>/<candidate>/attempt-<n>/model.onnx} and
 * {@code model.zip} beside it; a training checkpoint at {@code <root>/<job>/<candidate>/
 * checkpoint.zip}. The finished file is linked into place (atomic, and unlike a rename it fails
 * when the target exists), then the scratch name is removed.
 */
public final class FileArtifactStore implements ArtifactStore {
  private final Path root;

  public FileArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public ArtifactRef put(UUID jobId, UUID candidateId, int attempt, ModelFormat format, Path file)
      throws IOException {
    Path target = path(jobId, candidateId, attempt, format);
    Files.createDirectories(target.getParent());
    try {
      Files.createLink(target, file);
    } finally {
      Files.deleteIfExists(file);
    }
    return new ArtifactRef(target.toUri().toString(), Files.size(target), sha256(target));
  }

  /** Where the {@code format} file of attempt {@code attempt} at a candidate is stored. */
  public Path path(UUID jobId, UUID candidateId, int attempt, ModelFormat format) {
    return root.resolve(jobId.toString())
        .resolve(candidateId.toString())
        .resolve("attempt-" + attempt)
        .resolve(format.fileName());
  }

  @Override
  public void putCheckpoint(UUID jobId, UUID candidateId, Path file) throws IOException {
    Path target = checkpointPath(jobId, candidateId);
    Files.createDirectories(target.getParent());
    try {
      // atomic: a reader sees the old checkpoint or the new one, never half of one
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public Optional<Path> checkpoint(UUID jobId, UUID candidateId) {
    Path file = checkpointPath(jobId, candidateId);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** Where the training checkpoint of one evaluation is kept. */
  public Path checkpointPath(UUID jobId, UUID candidateId) {
    return root.resolve(jobId.toString()).resolve(candidateId.toString()).resolve("checkpoint.zip");
  }

  @Override
  public Optional<Path> file(ArtifactRef ref) {
    if (ref == null || ref.uri() == null) return Optional.empty();
    Path file;
    try {
      URI uri = URI.create(ref.uri());
      if (!"file".equalsIgnoreCase(uri.getScheme())) return Optional.empty();
      file = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
    // only files of this store, and only the very file the reference was reported with
    if (!file.startsWith(root) || !Files.isRegularFile(file)) return Optional.empty();
    try {
      if (Files.size(file) != ref.bytes()) return Optional.empty();
      if (ref.sha256() != null && !ref.sha256().equalsIgnoreCase(sha256(file)))
        return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(file);
  }

  @Override
  public Path newTempFile() throws IOException {
    Path incoming = root.resolve(".incoming");
    Files.createDirectories(incoming);
    return Files.createTempFile(incoming, "model-", ".partial");
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
