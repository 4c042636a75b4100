package dev.sculptor.worker.search;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells the worker's own troubles from a job's. A database or broker that is away, slow or
 * restarting is an infrastructure fault: the job stays RUNNING and is tried again. Anything else
 * that escapes a search (a spec no strategy can run, a bug) is the job's and fails it.
 */
final class Faults {
  /** PostgreSQL's SQLSTATE classes that mean "the connection or server, not your statement". */
  private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "53", "57", "58", "40");

  private Faults() {}

  static boolean isInfrastructure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof ConnectException) return true;
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
          && TRANSIENT_SQL_CLASSES.contains(sql.getSQLState().substring(0, 2))) return true;
      if (t instanceof org.apache.kafka.common.errors.RetriableException) return true;
      if (t instanceof org.apache.kafka.common.errors.TimeoutException) return true;
      String name = t.getClass().getName();
      // Agroal's pool timeout and JTA's failures to reach the database carry no SQLSTATE
      if (name.startsWith("io.agroal.") || name.equals("jakarta.transaction.SystemException")
          || name.equals("org.hibernate.exception.JDBCConnectionException")) return true;
      if (t instanceof SQLException sql && sql.getMessage() != null && sql.getMessage().contains("Acquisition timeout")) return true;
    }
    return false;
  }
}
