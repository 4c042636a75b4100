package dev.sculptor.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for services that must know their port before they start (Kafka's listeners, PostgreSQL,
 * the services' health endpoints), chosen below the kernel's ephemeral range.
 *
 * <p>Why not {@code new ServerSocket(0)}: that hands out a port from the ephemeral range and frees
 * it again, and between then and the service's bind any outgoing connection (a JDBC or Kafka client
 * of a service already up) may take the same port as its local end, for as long as the connection
 * lives. An evaluator then fails to bind its health port on every restart. Outgoing connections
 * never use ports below the ephemeral range, so a port checked free there stays free for the
 * service. Ports handed out once by this JVM are not handed out again, so a service stopped for an
 * outage test gets its port back.
 */
public final class FreePorts {
  private static final int LOWEST = 20_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** A port nothing listens on now, below the ephemeral range, not handed out before here. */
  public static synchronized int next() {
    int below = ephemeralLow();
    int span = below - LOWEST;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = LOWEST + (start + i) % span;
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port between " + LOWEST + " and " + below + " (the ephemeral range starts there)");
  }

  /** The first port of the kernel's ephemeral range; Linux's default where it cannot be read. */
  static int ephemeralLow() {
    try {
      String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
      int low = Integer.parseInt(range[0]);
      return low > LOWEST + 1_000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
