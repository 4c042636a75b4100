# PostgreSQL from Debian's own package (bookworm: 15) on the same base. For users with a registry
# the official postgres image works with the same compose settings (POSTGRES_USER/_DB/_PASSWORD_FILE).
FROM sculptor/base:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /usr/share/doc/* /usr/share/man/* \
 && mkdir -p /var/lib/postgresql/data && chown -R postgres:postgres /var/lib/postgresql && chmod 700 /var/lib/postgresql/data
COPY entrypoint postgres-start /usr/local/bin/
USER postgres
ENV PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
VOLUME /var/lib/postgresql/data
EXPOSE 5432
HEALTHCHECK --interval=5s --timeout=5s --start-period=30s --retries=12 \
  CMD ["bash", "-c", "/usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -U \"${POSTGRES_USER:-sculptor}\""]
ENTRYPOINT ["entrypoint", "postgres-start"]
