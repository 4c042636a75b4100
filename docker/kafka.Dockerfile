# A single-node Kafka 4.4 broker (KRaft) from the Kafka jars on Maven Central (the ones local-stack
# runs in-process), started by kafka.Kafka. Context: the jars staged by build.sh.
FROM sculptor/java:25
COPY --chown=0:0 libs/ /opt/kafka/libs/
COPY kafka-start /usr/local/bin/
COPY kafka-logging.properties /opt/kafka/logging.properties
RUN mkdir -p /var/lib/kafka/data && chown -R sculptor:sculptor /var/lib/kafka
USER sculptor
VOLUME /var/lib/kafka/data
EXPOSE 9092
HEALTHCHECK --interval=5s --timeout=5s --start-period=30s --retries=12 CMD ["healthcheck", "9092", "--tcp"]
ENTRYPOINT ["kafka-start"]
