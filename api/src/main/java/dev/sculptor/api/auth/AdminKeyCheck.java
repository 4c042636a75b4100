package dev.sculptor.api.auth;

import dev.sculptor.api.ApiSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Refuses to start with a short admin key: it can create teams and keys for anyone, so it must not
 * be guessable. No admin key at all is allowed (then nobody can create teams over the API).
 */
@ApplicationScoped
public class AdminKeyCheck {
  public static final int MIN_LENGTH = 24;

  @Inject ApiSettings settings;

  void onStart(@Observes StartupEvent event) {
    problem(settings.adminKey())
        .ifPresent(
            message -> {
              throw new IllegalStateException(message);
            });
  }

  /** Why this admin key is refused, or empty if it is acceptable. */
  public static Optional<String> problem(Optional<String> adminKey) {
    if (adminKey.isEmpty() || adminKey.get().isBlank()) return Optional.empty();
    int length = adminKey.get().length();
    if (length >= MIN_LENGTH) return Optional.empty();
    return Optional.of(
        "sculptor.admin-key (env SCULPTOR_ADMIN_KEY) is "
            + length
            + " characters long; it must be at least "
            + MIN_LENGTH
            + ". Generate one with: openssl rand -hex 24");
  }
}
