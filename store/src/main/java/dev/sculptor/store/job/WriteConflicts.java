package dev.sculptor.store.job;

/**
 * A write of a {@link SearchJob} that lost to a concurrent change of the same row (its version
 * moved on between read and write): worth redoing on a fresh read, never worth a 500.
 */
public final class WriteConflicts {
  private WriteConflicts() {}

  public static boolean isWriteConflict(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof jakarta.persistence.OptimisticLockException
          || t instanceof org.hibernate.StaleStateException) return true;
    }
    return false;
  }
}
