package dev.sculptor.api.web;

import dev.sculptor.api.ApiSettings;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Security headers on every response: the API, the web UI's static files, /q/ endpoints and errors
 * (a route ahead of all others, writing when the headers go out). Swagger UI's page has inline
 * scripts and styles, so /q/swagger-ui gets its own, looser Content-Security-Policy.
 */
@ApplicationScoped
public class SecurityHeaders {
  static final String SWAGGER_UI = "/q/swagger-ui";

  @Inject ApiSettings settings;

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              String path = ctx.normalizedPath();
              String csp =
                  path.startsWith(SWAGGER_UI)
                      ? settings.http().swaggerUiContentSecurityPolicy()
                      : settings.http().contentSecurityPolicy();
              ctx.addHeadersEndHandler(
                  done -> {
                    MultiMap headers = ctx.response().headers();
                    setIfAbsent(headers, "Content-Security-Policy", csp);
                    setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
                    setIfAbsent(headers, "Referrer-Policy", "no-referrer");
                    setIfAbsent(headers, "X-Frame-Options", "DENY");
                  });
              ctx.next();
            });
  }

  private static void setIfAbsent(MultiMap headers, String name, String value) {
    if (!headers.contains(name)) headers.set(name, value);
  }
}
