package dev.sculptor.api.auth;

import dev.sculptor.api.ApiSettings;
import dev.sculptor.api.problem.Problem;
import dev.sculptor.store.team.ApiKeyRepository;
import dev.sculptor.store.team.TeamRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code Authorization: Bearer <key>} on every /api/v1 call. Team keys are looked up by hash and
 * cached briefly ({@link KeyCache}); a key revoked on this replica stops at once, elsewhere within
 * {@link KeyCache#TTL}.
 */
@ApplicationScoped
public class BearerAuthFilter {
  /**
   * The one endpoint that also takes {@code ?access_token=}: browsers' EventSource cannot send
   * headers.
   */
  private static final Pattern QUERY_TOKEN_PATH = Pattern.compile("/api/v1/jobs/[^/]+/events/?");

  @Inject ApiKeyRepository keys;
  @Inject TeamRepository teams;
  @Inject CallerContext context;
  @Inject KeyCache cache;
  @Inject KeyUsage usage;

  @Inject ApiSettings settings;

  @ServerRequestFilter
  public Optional<Response> authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/")) return Optional.empty();
    Optional<Caller> caller = token(request, path).flatMap(this::resolve);
    if (caller.isEmpty()) {
      Problem body =
          new Problem(
              "https://sculptor.dev/problems/unauthorized",
              "Missing or invalid API key",
              401,
              "send Authorization: Bearer <api key>",
              path,
              List.of());
      return Optional.of(
          Response.status(401)
              .type(Problem.MEDIA_TYPE)
              .header("WWW-Authenticate", "Bearer")
              .entity(body)
              .build());
    }
    context.set(caller.get());
    return Optional.empty();
  }

  /**
   * The bearer token; {@code ?access_token=} counts only on GET of a job's event stream, so a key
   * pasted into any other URL (and from there into logs and history) is ignored.
   */
  static Optional<String> token(ContainerRequestContext request, String path) {
    String header = request.getHeaderString("Authorization");
    String token = null;
    if (header != null) {
      if (header.regionMatches(true, 0, "Bearer ", 0, 7)) token = header.substring(7).strip();
    } else if ("GET".equals(request.getMethod()) && QUERY_TOKEN_PATH.matcher(path).matches()) {
      token = request.getUriInfo().getQueryParameters().getFirst("access_token");
    }
    return token == null || token.isBlank() ? Optional.empty() : Optional.of(token);
  }

  Optional<Caller> resolve(String token) {
    Optional<String> adminKey = settings.adminKey();
    if (adminKey.isPresent()
        && !adminKey.get().isBlank()
        && KeyHash.sameSecret(adminKey.get(), token)) {
      return Optional.of(new Caller(null, "admin", true));
    }
    Optional<KeyCache.Entry> key = teamKey(KeyHash.sha256(token));
    key.ifPresent(k -> usage.used(k.keyId()));
    return key.map(KeyCache.Entry::caller);
  }

  /**
   * Whether a team key is still accepted, with the same cache as requests: a key revoked on this
   * replica is refused at once, one revoked elsewhere within {@link KeyCache#TTL}.
   */
  public boolean accepts(String keyHash) {
    return teamKey(keyHash).isPresent();
  }

  private Optional<KeyCache.Entry> teamKey(String hash) {
    Instant now = Instant.now();
    Optional<KeyCache.Entry> hit = cache.get(hash, now);
    if (hit.isPresent()) return hit;
    Optional<Found> found = lookup(hash);
    if (found.isEmpty()) {
      cache.forget(hash);
      return Optional.empty();
    }
    Found key = found.get();
    // Not read back from the cache: a key in its rotation grace is evicted there but still valid.
    return Optional.of(cache.put(hash, key.caller(), key.keyId(), key.revokedAt(), now));
  }

  /** An active team key: its caller, and when its revocation takes effect (null: not revoked). */
  record Found(Caller caller, UUID keyId, Instant revokedAt) {}

  @Transactional
  Optional<Found> lookup(String hash) {
    // Team keys never act as the server's admin, whatever their row's admin flag says.
    return keys.findActiveByHash(hash)
        .map(
            k ->
                new Found(
                    new Caller(k.teamId, teams.findById(k.teamId).name, false), k.id, k.revokedAt));
  }
}
