package dev.sculptor.worker;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.local.LocalStackTestResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;

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

  /**
   * A new team and a job of it with this spec (defaults filled in), as the api would store it, in
   * {@code status}, created at {@code createdAt} (SQL, e.g. {@code now()}); returns the job's id.
   */
  public static UUID insertJob(String name, String specJson, JobStatus status, String createdAt)
      throws Exception {
    UUID team = UUID.randomUUID();
    UUID job = UUID.randomUUID();
    JobSpec spec = Json.read(specJson, JobSpec.class).withDefaults();
    sql("INSERT INTO team (id, name) VALUES ('" + team + "', '" + name + "-" + team + "')");
    sql(
        "INSERT INTO search_job (id, team_id, name, status, spec, hardware_target, dataset,"
            + " strategy, max_candidates, created_at) VALUES ('"
            + job
            + "', '"
            + team
            + "', '"
            + name
            + "', '"
            + status
            + "', '"
            + Json.write(spec).replace("'", "''")
            + "', '"
            + spec.hardwareTarget()
            + "', '"
            + spec.dataset()
            + "', '"
            + spec.strategy().id()
            + "', "
            + spec.budget().maxCandidates()
            + ", "
            + createdAt
            + ")");
    return job;
  }
}
