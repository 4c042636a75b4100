package dev.sculptor.store.service;

import dev.sculptor.core.runtime.ParentWatch;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Shuts this service down gracefully when the launcher that started it is gone (no orphans). */
@ApplicationScoped
public class ExitWithLauncher {
  private static final Logger LOG = Logger.getLogger(ExitWithLauncher.class);

  void onStart(@Observes StartupEvent event) {
    ParentWatch.start(
        () -> {
          LOG.info("launcher is gone; shutting down");
          Quarkus.asyncExit(0);
        });
  }
}
