package dev.sculptor.local;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;

/**
 * Rules for every child process the launcher and the tests start. A child that inherits a test
 * JVM's standard streams writes into Surefire's fork channel, and node even switches an inherited
 * stdin to non-blocking, after which the fork dies with "std/in stream corrupted". So a child reads
 * from the null device and writes to a file or to a pipe that is drained.
 */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** Standard input from the null device: never the parent's stdin, never an unread pipe. */
  public static final Redirect NO_INPUT =
      Redirect.from(
          new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null"));
}
