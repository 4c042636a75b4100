# A CPU evaluator: DJL + libtorch (natives from Maven Central inside the image, nothing downloaded
# at run time) and ONNX Runtime. Context: evaluator/target jar + lib staged by build.sh.
FROM sculptor/java:25
COPY --chown=0:0 lib/ /app/lib/
COPY --chown=0:0 evaluator.jar /app/evaluator.jar
USER sculptor
WORKDIR /var/lib/sculptor
EXPOSE 8082
# evaluator/README.md: AVX2 avoids NaN conv gradients on AVX-512 CPUs; the malloc settings avoid
# 2-4x slower training. DJL_CACHE_DIR: libtorch unpacks there from its jar at each container's first start (~430 MB, 2-3 s).
ENV ONEDNN_MAX_CPU_ISA=AVX2 \
    MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
    DJL_CACHE_DIR=/var/lib/sculptor/djl \
    SCULPTOR_HTTP_PORT=8082 SCULPTOR_ARTIFACT_DIR=/var/lib/sculptor/artifacts \
    SCULPTOR_EVALUATOR_STATE=/var/lib/sculptor/evaluator-state SCULPTOR_TARGET=host-cpu \
    JAVA_OPTS="-XX:MaxRAMPercentage=50"
VOLUME /var/lib/sculptor/artifacts
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=6 CMD ["healthcheck", "8082"]
ENTRYPOINT ["entrypoint", "bash", "-c", "exec java $JAVA_OPTS --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true -Djna.tmpdir=/tmp -cp '/app/evaluator.jar:/app/lib/*' dev.sculptor.evaluator.cli.Main serve"]
