package dev.sculptor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real PostgreSQL: the migrations apply and the schema enforces its rules. */
class SchemaMigrationTest {
  static LocalPostgres postgres;

  @BeforeAll
  static void start() {
    postgres = LocalPostgres.startTemporary();
    Flyway.configure().dataSource(postgres.dataSource()).load().migrate();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void everyTableTheDesignNamesExists() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = postgres.dataSource().getConnection();
        ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
      while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
    }
    assertThat(tables)
        .contains(
            "team",
            "api_key",
            "search_job",
            "candidate",
            "checkpoint",
            "outbox",
            "artifact",
            "evaluator",
            "pruning_policy",
            "job_history");
  }

  @Test
  void constraintsRejectBadData() throws SQLException {
    UUID team = UUID.randomUUID();
    try (Connection c = postgres.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO team (id, name) VALUES ('" + team + "', 'vision')");
      String job =
          "INSERT INTO search_job (id, team_id, name, status, spec, hardware_target, dataset,"
              + " strategy, max_candidates) VALUES ('%s', '"
              + team
              + "', 'j', '%s', '{}', 'host-cpu', 'mnist-10k', 'genetic', %d)";

      assertThatThrownBy(() -> s.execute(job.formatted(UUID.randomUUID(), "DONE", 10)))
          .hasMessageContaining("search_job_status_check");
      assertThatThrownBy(() -> s.execute(job.formatted(UUID.randomUUID(), "QUEUED", 0)))
          .hasMessageContaining("search_job_max_candidates_check");
      assertThatThrownBy(
              () ->
                  s.execute(
                      "INSERT INTO team (id, name) VALUES ('" + UUID.randomUUID() + "', 'vision')"))
          .hasMessageContaining("team_name_key");

      UUID jobId = UUID.randomUUID();
      s.execute(job.formatted(jobId, "QUEUED", 10));
      String candidate =
          "INSERT INTO candidate (id, job_id, fingerprint, generation, status, spec)"
              + " VALUES ('%s', '"
              + jobId
              + "', 'ffffffffffffffffffffffffffffffff', 0, 'PENDING', '{}')";
      s.execute(candidate.formatted(UUID.randomUUID()));
      assertThatThrownBy(() -> s.execute(candidate.formatted(UUID.randomUUID())))
          .hasMessageContaining("candidate_fingerprint_once");
      // V10: a candidate infeasible by construction is a status of its own; unknown ones are not
      String withStatus =
          "INSERT INTO candidate (id, job_id, fingerprint, generation, status, spec)"
              + " VALUES ('%s', '"
              + jobId
              + "', '%s', 0, '%s', '{}')";
      s.execute(
          withStatus.formatted(
              UUID.randomUUID(), "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "INFEASIBLE"));
      assertThatThrownBy(
              () ->
                  s.execute(
                      withStatus.formatted(
                          UUID.randomUUID(), "dddddddddddddddddddddddddddddddd", "DONE")))
          .hasMessageContaining("candidate_status_check");
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM candidate WHERE job_id = '" + jobId + "'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }
}
