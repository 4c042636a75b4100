package dev.sculptor.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.api.ApiSettings;
import dev.sculptor.api.dataset.DatasetSettings;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Errors that the HTTP layer would otherwise answer before any resource runs, with no body or a
 * dropped connection: headers or a body over the limit, and a body without a Content-Type. Answered
 * here as problem+json like every other error. (The server's own limits stay above ours as a
 * backstop, and answer what exceeds them without a body.) An oversized body is read and discarded
 * (up to a hard cap) before answering, so the client sees the 413 instead of a reset connection.
 */
@ApplicationScoped
public class HttpLayerProblems {
  /** Beyond this much the connection is closed rather than drained. */
  static final long DRAIN_CAP = 64L * 1024 * 1024;

  /** The one place large bodies go: dataset uploads, whose own limits apply. */
  static final String UPLOADS = "/api/v1/datasets";

  private static final Set<HttpMethod> WITH_BODY =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  @Inject ObjectMapper json;

  @Inject ApiSettings settings;

  /** Dataset uploads (POST /api/v1/datasets) have their own, larger limit. */
  @Inject DatasetSettings datasets;

  void register(@Observes Filters filters) {
    filters.register(this::check, 1000);
  }

  void check(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (!request.path().startsWith("/api/")) {
      rc.next();
      return;
    }
    long headerBytes = 0;
    for (Map.Entry<String, String> h : request.headers())
      headerBytes += h.getKey().length() + h.getValue().length() + 4;
    long maxHeaderBytes = settings.requests().maxHeaderBytes();
    long maxBodyBytes = settings.requests().maxBodyBytes();
    if (headerBytes > maxHeaderBytes) {
      send(
          rc,
          problem(
              431,
              "http-431",
              "Request header fields too large",
              "the headers have "
                  + headerBytes
                  + " bytes; at most "
                  + maxHeaderBytes
                  + " are accepted",
              request.path()),
          true);
      return;
    }
    if (!WITH_BODY.contains(request.method())) {
      rc.next();
      return;
    }
    long length = contentLength(request);
    long limit =
        request.method() == HttpMethod.POST && request.path().equals("/api/v1/datasets")
            ? datasets.maxUploadBytes()
            : maxBodyBytes;
    if (length > limit) {
      Problem body =
          problem(
              413,
              "http-413",
              "Request body too large",
              "the body has " + length + " bytes; at most " + limit + " are accepted",
              request.path());
      if (length > DRAIN_CAP) {
        send(rc, body, true);
      } else {
        request.handler(chunk -> {}); // read and discard, so the answer is not lost in a reset
        request.endHandler(end -> send(rc, body, true));
      }
      return;
    }
    boolean chunked = request.headers().contains("Transfer-Encoding");
    if (length < 0 && chunked && !request.path().startsWith(UPLOADS)) {
      // The server's own limit must admit dataset uploads, so without a declared length a JSON body
      // could grow to that size before anything refuses it: JSON bodies must say their length.
      Problem body =
          problem(
              411,
              "http-411",
              "Length required",
              "send the body with a Content-Length header (at most "
                  + maxBodyBytes
                  + " bytes); only dataset uploads may be"
                  + " sent in chunks",
              request.path());
      long[] read = {0};
      request.handler(
          chunk -> {
            read[0] += chunk.length();
            if (read[0] > DRAIN_CAP) send(rc, body, true);
          });
      request.endHandler(end -> send(rc, body, true));
      return;
    }
    boolean hasBody = length > 0 || chunked;
    String type = request.getHeader("Content-Type");
    if (hasBody && (type == null || type.isBlank())) {
      send(
          rc,
          problem(
              415,
              "http-415",
              "Unsupported media type; send application/json",
              "the request has a body but no Content-Type header",
              request.path()),
          false);
      return;
    }
    rc.next();
  }

  private static long contentLength(HttpServerRequest request) {
    String header = request.getHeader("Content-Length");
    if (header == null) return -1;
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Problem problem(
      int status, String type, String title, String detail, String path) {
    return new Problem(ProblemMappers.TYPE_BASE + type, title, status, detail, path, List.of());
  }

  private void send(RoutingContext rc, Problem body, boolean close) {
    if (rc.response().ended()) return;
    rc.response().setStatusCode(body.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
    if (close) rc.response().putHeader("Connection", "close");
    try {
      rc.response().end(json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      rc.fail(e);
    }
  }
}
