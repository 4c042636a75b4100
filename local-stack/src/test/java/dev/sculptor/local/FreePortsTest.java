package dev.sculptor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void portsAreBelowTheEphemeralRangeDistinctAndBindable() throws Exception {
    int ephemeralLow = FreePorts.ephemeralLow();
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 20; i++) ports.add(FreePorts.next());

    assertThat(ports).hasSize(20).allSatisfy(p -> assertThat(p).isLessThan(ephemeralLow));
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void aPortSomethingListensOnIsNotHandedOut() throws Exception {
    int port = FreePorts.next();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(port));
      for (int i = 0; i < 50; i++) assertThat(FreePorts.next()).isNotEqualTo(port);
    }
  }
}
