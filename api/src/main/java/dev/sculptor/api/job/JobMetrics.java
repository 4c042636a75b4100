package dev.sculptor.api.job;

import dev.sculptor.core.job.JobStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus gauges at /q/metrics: jobs per status (QUEUED is the queue depth), outbox rows not yet
 * published and outbox rows parked. Refreshed every 5 s rather than on each scrape, so scrapes stay
 * cheap.
 */
@ApplicationScoped
public class JobMetrics {
  @Inject EntityManager em;
  @Inject MeterRegistry registry;

  private final Map<JobStatus, AtomicLong> byStatus = new EnumMap<>(JobStatus.class);
  private final AtomicLong unpublished = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();

  void onStart(@Observes StartupEvent event) {
    for (JobStatus s : JobStatus.values()) {
      AtomicLong value = new AtomicLong();
      byStatus.put(s, value);
      Gauge.builder("sculptor.jobs", value, AtomicLong::get)
          .tag("status", s.name())
          .description("Search jobs in this status")
          .register(registry);
    }
    Gauge.builder("sculptor.queue.depth", byStatus.get(JobStatus.QUEUED), AtomicLong::get)
        .description("Jobs waiting for a search worker")
        .register(registry);
    Gauge.builder("sculptor.outbox.unpublished", unpublished, AtomicLong::get)
        .description("Outbox messages not yet on Kafka")
        .register(registry);
    Gauge.builder("sculptor.outbox.parked.rows", parked, AtomicLong::get)
        .description(
            "Outbox messages given up on after repeated refusals; they wait for an operator")
        .register(registry);
  }

  @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              byStatus.values().forEach(v -> v.set(0));
              @SuppressWarnings("unchecked")
              List<Object[]> rows =
                  em.createNativeQuery("SELECT status, count(*) FROM search_job GROUP BY status")
                      .getResultList();
              for (Object[] row : rows)
                byStatus.get(JobStatus.valueOf((String) row[0])).set(((Number) row[1]).longValue());
              unpublished.set(
                  count(
                      "SELECT count(*) FROM outbox WHERE published_at IS NULL AND parked_at IS"
                          + " NULL"));
              parked.set(count("SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL"));
            });
  }

  private long count(String sql) {
    return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
  }
}
