package dev.sculptor.messaging.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The default classification of a handler's exception, by the exception and its causes, so that
 * handlers need not wrap what the frameworks throw: JDBC connection trouble and Kafka's retriable
 * errors are infrastructure, Jackson's parse errors are a malformed message.
 */
public final class Failures {
  private Failures() {}

  public static FailureKind classify(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    FailureKind kind = FailureKind.UNKNOWN;
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      FailureKind own = own(t);
      // The outermost explicit verdict wins; infrastructure anywhere in the chain beats a guess.
      if (t instanceof RejectedMessage || t instanceof InfrastructureFailure) return own;
      if (own == FailureKind.INFRASTRUCTURE) return own;
      if (own == FailureKind.MALFORMED && kind == FailureKind.UNKNOWN) kind = own;
    }
    return kind;
  }

  private static FailureKind own(Throwable t) {
    return switch (t) {
      case RejectedMessage r -> FailureKind.MALFORMED;
      case InfrastructureFailure i -> FailureKind.INFRASTRUCTURE;
      case RetriableException r -> FailureKind.INFRASTRUCTURE;
      case java.util.concurrent.TimeoutException e -> FailureKind.INFRASTRUCTURE;
      case SQLTransientException e -> FailureKind.INFRASTRUCTURE;
      case SQLRecoverableException e -> FailureKind.INFRASTRUCTURE;
      case SQLException e -> sql(e);
      case SocketException e -> FailureKind.INFRASTRUCTURE;
      case JsonProcessingException e -> FailureKind.MALFORMED;
      default -> FailureKind.UNKNOWN;
    };
  }

  /**
   * By SQLSTATE class: data and constraint errors (22, 23) are the message's; connection,
   * resources, operator intervention and serialisation failures (08, 53, 57, 40) and a missing
   * state (a pool's acquisition timeout) are the database's.
   */
  private static FailureKind sql(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.length() < 2) return FailureKind.INFRASTRUCTURE;
    return switch (state.substring(0, 2)) {
      case "08", "53", "57", "40" -> FailureKind.INFRASTRUCTURE;
      case "22", "23" -> FailureKind.MALFORMED;
      default -> FailureKind.UNKNOWN;
    };
  }
}
