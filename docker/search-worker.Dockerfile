# The search-worker: job leases, the genetic search, evaluation dispatch. Context:
# search-worker/target/quarkus-app staged by build.sh. Stateless: scale it freely.
FROM sculptor/java:25
COPY --chown=0:0 quarkus-app/ /app/
USER sculptor
WORKDIR /var/lib/sculptor
EXPOSE 8081
ENV QUARKUS_HTTP_PORT=8081 JAVA_OPTS="-XX:MaxRAMPercentage=60"
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 CMD ["healthcheck", "8081"]
ENTRYPOINT ["entrypoint", "bash", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]
