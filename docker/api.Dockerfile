# The api: REST, auth, outbox relay, SSE, web UI, model downloads. Context: api/target/quarkus-app
# staged by build.sh. Configured only by environment (SCULPTOR_DB_*, SCULPTOR_KAFKA_BOOTSTRAP,
# SCULPTOR_ARTIFACT_DIR, SCULPTOR_ADMIN_KEY[_FILE], ...); no secret is in the image.
FROM sculptor/java:25
COPY --chown=0:0 quarkus-app/ /app/
USER sculptor
WORKDIR /var/lib/sculptor
EXPOSE 8080
ENV SCULPTOR_ARTIFACT_DIR=/var/lib/sculptor/artifacts JAVA_OPTS="-XX:MaxRAMPercentage=60"
VOLUME /var/lib/sculptor/artifacts
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 CMD ["healthcheck", "8080"]
ENTRYPOINT ["entrypoint", "bash", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]
