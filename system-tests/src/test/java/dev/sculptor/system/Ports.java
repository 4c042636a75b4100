package dev.sculptor.system;

import dev.sculptor.local.FreePorts;
import dev.sculptor.local.LocalStack;
import java.nio.file.Path;
import java.util.List;

/** Free ports for one product instance, so tests never collide with a running local stack. */
record Ports(int api, int worker, int evaluator, int postgres, int kafka) {

  static Ports free() {
    return new Ports(port(), port(), port(), port(), port());
  }

  private static int port() {
    return FreePorts.next();
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
