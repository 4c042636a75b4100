package dev.sculptor.api.quota;

/** A team is at one of its quotas; answered 429 with Retry-After by {@link QuotaExceededMapper}. */
public class QuotaExceededException extends RuntimeException {
  private final String quota;
  private final long limit;

  /**
   * @param quota the quota's name, as in its setting {@code sculptor.quota.<name>}
   * @param detail what the team has and what to do, for people
   */
  public QuotaExceededException(String quota, long limit, String detail) {
    super(detail, null, false, false);
    this.quota = quota;
    this.limit = limit;
  }

  public String quota() {
    return quota;
  }

  public String setting() {
    return "sculptor.quota." + quota;
  }

  public long limit() {
    return limit;
  }
}
