# A CPU evaluator: DJL + libtorch (natives from Maven Central inside the image, nothing downloaded
# at run time) and ONNX Runtime. Context: evaluator/target jar + lib staged by build.sh.
FROM sculptor/java:25
COPY --chown=0:0 lib/ /app/lib/
COPY --chown=0:0 evaluator.jar /app/evaluator.jar
COPY --chown=0:0 native.env /app/native.env
COPY evaluator-start /usr/local/bin/
USER sculptor
WORKDIR /var/lib/sculptor
EXPOSE 8082
# libtorch's environment (oneDNN ISA, malloc settings, offline) comes from native.env at start (evaluator-start).
# DJL_CACHE_DIR: libtorch unpacks there from its jar at each container's first start (~430 MB, 2-3 s).
ENV DJL_CACHE_DIR=/var/lib/sculptor/djl \
    SCULPTOR_HTTP_PORT=8082 SCULPTOR_ARTIFACT_DIR=/var/lib/sculptor/artifacts \
    SCULPTOR_EVALUATOR_STATE=/var/lib/sculptor/evaluator-state SCULPTOR_TARGET=host-cpu \
    JAVA_OPTS="-XX:MaxRAMPercentage=50"
VOLUME /var/lib/sculptor/artifacts
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=6 CMD ["healthcheck", "8082"]
ENTRYPOINT ["entrypoint", "evaluator-start"]
