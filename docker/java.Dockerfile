# The runtime every Sculptor JVM image starts from: the Debian bookworm minbase made by build.sh
# (debootstrap, no registry), a jlink'ed Java 25 runtime, a non-root user, the entrypoint that
# reads *_FILE secrets and the curl-free health probe. Context: the folder build.sh stages.
FROM sculptor/base:bookworm
COPY jre/ /opt/java/
COPY healthcheck entrypoint /usr/local/bin/
RUN useradd --system --uid 10001 --home-dir /var/lib/sculptor --create-home --shell /usr/sbin/nologin sculptor \
 && mkdir -p /var/lib/sculptor/artifacts && chown -R sculptor:sculptor /var/lib/sculptor
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
