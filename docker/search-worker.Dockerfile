# syntax=docker/dockerfile:1
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package -pl search-worker -am

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/search-worker/target/quarkus-app/ /app/
RUN useradd --system --uid 10001 sculptor
USER sculptor
EXPOSE 8081
ENV QUARKUS_HTTP_PORT=8081
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD curl -fsS http://127.0.0.1:8081/q/health/ready || exit 1
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
