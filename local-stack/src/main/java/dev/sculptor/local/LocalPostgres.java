package dev.sculptor.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server (zonky's embedded binaries from Maven Central), no Docker. With a data
 * folder it keeps its data between starts; without one it uses a temporary folder.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";
  public static final String DATABASE = "postgres";

  private final EmbeddedPostgres server;

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts on {@code port} (0 picks a free one), keeping data in {@code dataDir} if given. */
  /**
   * zonky logs every line of initdb and the server at INFO; keep it to warnings (held so it stays
   * set).
   */
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("io.zonky");

  public static LocalPostgres start(Path dataDir, int port) {
    QUIET.setLevel(java.util.logging.Level.WARNING);
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder().setServerConfig("max_connections", "200");
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
      }
      if (port > 0) builder.setPort(port);
      return new LocalPostgres(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  public static LocalPostgres startTemporary() {
    return start(null, 0);
  }

  public int port() {
    return server.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  public javax.sql.DataSource dataSource() {
    return server.getPostgresDatabase();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
