package dev.sculptor.system;

import dev.sculptor.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/** Free ports for one product instance, so tests never collide with a running local stack. */
record Ports(int api, int worker, int evaluator, int postgres, int kafka) {

  static Ports free() {
    return new Ports(port(), port(), port(), port(), port());
  }

  private static int port() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> systemProperties() {
    return List.of(
        "-Dsculptor.port.api=" + api,
        "-Dsculptor.port.worker=" + worker,
        "-Dsculptor.port.evaluator=" + evaluator,
        "-Dsculptor.port.postgres=" + postgres,
        "-Dsculptor.port.kafka=" + kafka);
  }

  LocalStack.Options options(Path root, Path data) {
    return new LocalStack.Options(root, data, api, worker, evaluator, postgres, kafka);
  }
}
