package dev.sculptor.api.auth;

import dev.sculptor.api.problem.Problem;
import dev.sculptor.store.team.ApiKey;
import dev.sculptor.store.team.ApiKeyRepository;
import dev.sculptor.store.team.TeamRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code Authorization: Bearer <key>} on every /api/v1 call. Keys are looked up by hash and cached
 * briefly, so a busy script does not hit the database for every request; a revoked key stops
 * working within {@link #CACHE_TTL}.
 */
@ApplicationScoped
public class BearerAuthFilter {
  static final Duration CACHE_TTL = Duration.ofSeconds(30);

  private record Cached(Caller caller, Instant until) {}

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  @Inject ApiKeyRepository keys;
  @Inject TeamRepository teams;
  @Inject CallerContext context;

  @ConfigProperty(name = "sculptor.admin-key")
  Optional<String> adminKey;

  @ServerRequestFilter
  public Optional<Response> authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/")) return Optional.empty();
    String header = request.getHeaderString("Authorization");
    // Browsers' EventSource cannot send headers: the SSE endpoint also takes ?access_token=.
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim()
        : request.getUriInfo().getQueryParameters().getFirst("access_token");
    Optional<Caller> caller = token == null || token.isBlank() ? Optional.empty() : resolve(token);
    if (caller.isEmpty()) {
      Problem body = new Problem("https://sculptor.dev/problems/unauthorized", "Missing or invalid API key", 401,
          "send Authorization: Bearer <api key>", path, List.of());
      return Optional.of(Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer").entity(body).build());
    }
    context.set(caller.get());
    return Optional.empty();
  }

  Optional<Caller> resolve(String token) {
    if (adminKey.isPresent() && !adminKey.get().isBlank() && KeyHash.sameSecret(adminKey.get(), token)) {
      return Optional.of(new Caller(null, "admin", true));
    }
    String hash = KeyHash.sha256(token);
    Cached hit = cache.get(hash);
    if (hit != null && hit.until().isAfter(Instant.now())) return Optional.of(hit.caller());
    Optional<Caller> found = lookup(hash);
    found.ifPresentOrElse(c -> cache.put(hash, new Cached(c, Instant.now().plus(CACHE_TTL))), () -> cache.remove(hash));
    return found;
  }

  @Transactional
  Optional<Caller> lookup(String hash) {
    return keys.findActiveByHash(hash).map(this::caller);
  }

  private Caller caller(ApiKey key) {
    return new Caller(key.teamId, teams.findById(key.teamId).name, key.admin);
  }
}
