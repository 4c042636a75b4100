# syntax=docker/dockerfile:1
# CPU evaluator. libtorch natives come from Maven Central inside the image; nothing downloads at run time.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package -pl evaluator -am

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/evaluator/target/sculptor-evaluator-*.jar /app/evaluator.jar
COPY --from=build /src/evaluator/target/lib/ /app/lib/
RUN useradd --system --uid 10001 --create-home sculptor && mkdir -p /var/lib/sculptor/artifacts && chown -R sculptor /var/lib/sculptor
USER sculptor
EXPOSE 8082
# See INFRA.md: AVX2 avoids NaN conv gradients on AVX-512 CPUs; the malloc settings avoid 2-4x slower training.
ENV ONEDNN_MAX_CPU_ISA=AVX2 \
    MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
    SCULPTOR_HTTP_PORT=8082 SCULPTOR_ARTIFACT_DIR=/var/lib/sculptor/artifacts SCULPTOR_TARGET=host-cpu
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD curl -fsS http://127.0.0.1:8082/q/health/ready || exit 1
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp", "/app/evaluator.jar:/app/lib/*", "dev.sculptor.evaluator.cli.Main", "serve"]
