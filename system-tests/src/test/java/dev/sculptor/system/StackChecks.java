package dev.sculptor.system;

import static org.awaitility.Awaitility.await;

import dev.sculptor.local.LocalStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/** What the whole-product tests ask of the stack they started: its database, and a clean stop. */
final class StackChecks {
  private StackChecks() {}

  /** Closes the stack and waits until none of its service processes is left alive. */
  static void closeLeavingNoProcess(LocalStack stack) {
    Map<String, Long> pids = stack.servicePids();
    stack.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pids.values().stream()
                    .noneMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
  }

  /** The single number a {@code SELECT count(*) …} answers, read from the stack's PostgreSQL. */
  static long count(LocalStack stack, String sql) throws Exception {
    try (Connection c = stack.postgres().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
