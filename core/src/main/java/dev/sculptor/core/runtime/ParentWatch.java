package dev.sculptor.core.runtime;

import java.util.Optional;

/**
 * Ends this process when the launcher that started it is gone, even if the launcher was killed with
 * SIGKILL and could not stop its children: no orphaned services after {@code ./sculptor start}.
 * Active only when {@code SCULPTOR_PARENT_PID} is set (the launcher sets it).
 */
public final class ParentWatch {
  private ParentWatch() {}

  /** Starts a daemon thread that calls {@code onParentGone} once the parent process has exited. */
  public static void start(Runnable onParentGone) {
    Optional<ProcessHandle> parent =
        Optional.ofNullable(System.getenv("SCULPTOR_PARENT_PID"))
            .map(Long::parseLong)
            .flatMap(ProcessHandle::of);
    parent.ifPresent(p -> p.onExit().thenRun(onParentGone));
  }
}
