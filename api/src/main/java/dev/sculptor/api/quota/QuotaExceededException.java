package dev.sculptor.api.quota;

/** A team is at one of its quotas; answered 429 with Retry-After by {@link QuotaExceededMapper}. */
public class QuotaExceededException extends RuntimeException {
  private final String quota;
  private final long limit;
  private final String setting;
  private final long retryAfterSeconds;

  /**
   * @param quota the quota's name, as in its setting {@code sculptor.quota.<name>}
   * @param detail what the team has and what to do, for people
   */
  public QuotaExceededException(String quota, long limit, String detail) {
    this(quota, limit, detail, "sculptor.quota." + quota, QuotaExceededMapper.RETRY_AFTER_SECONDS);
  }

  /** A limit with its own setting and a retry delay other than a job's length. */
  public QuotaExceededException(
      String quota, long limit, String detail, String setting, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.quota = quota;
    this.limit = limit;
    this.setting = setting;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public String quota() {
    return quota;
  }

  public String setting() {
    return setting;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public long limit() {
    return limit;
  }
}
