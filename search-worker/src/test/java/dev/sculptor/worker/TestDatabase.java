package dev.sculptor.worker;

import dev.sculptor.local.LocalStackTestResource;
import java.sql.Connection;
import java.sql.ResultSet;

/**
 * Plain SQL against the tests' PostgreSQL, for arranging rows and counting them behind the worker's
 * back.
 */
public final class TestDatabase {
  private TestDatabase() {}

  public static void sql(String statement) throws Exception {
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection()) {
      c.createStatement().executeUpdate(statement);
    }
  }

  public static long count(String query) throws Exception {
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
