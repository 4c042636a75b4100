# syntax=docker/dockerfile:1
FROM eclipse-temurin:25-jdk AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package -pl api -am

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/api/target/quarkus-app/ /app/
RUN useradd --system --uid 10001 sculptor && mkdir -p /var/lib/sculptor/artifacts && chown -R sculptor /var/lib/sculptor
USER sculptor
EXPOSE 8080
ENV SCULPTOR_ARTIFACT_DIR=/var/lib/sculptor/artifacts
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD curl -fsS http://127.0.0.1:8080/q/health/ready || exit 1
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
