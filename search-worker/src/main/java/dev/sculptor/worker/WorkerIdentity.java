package dev.sculptor.worker;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;

/** This worker's name in leases and logs: host and pid unless configured. */
@ApplicationScoped
public class WorkerIdentity {
  private final String id;

  public WorkerIdentity(WorkerSettings settings) {
    String fallback;
    try {
      fallback = InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (java.io.IOException e) {
      fallback = "worker-" + ProcessHandle.current().pid();
    }
    this.id = settings.workerId().filter(s -> !s.isBlank()).orElse(fallback);
  }

  public String id() {
    return id;
  }
}
