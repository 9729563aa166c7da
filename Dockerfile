# The one image of every role: the fat jar, the policy files and the connector specs, run as a non-root user, the JVM
# sized from the container's memory limit. Build the jar first (make build); make image builds linux/amd64 and
# linux/arm64 with docker buildx. The chart in chart/ runs it with `run --role <role>`; no test needs Docker.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 carbon \
 && useradd --system --uid 10001 --gid carbon --home-dir /opt/carbon-ingestion --no-create-home carbon \
 && mkdir -p /var/lib/carbon-ingestion && chown carbon:carbon /var/lib/carbon-ingestion
WORKDIR /opt/carbon-ingestion
COPY target/ingestion.jar ingestion.jar
COPY conf conf
COPY connectors connectors
ENV DATA_DIR=/var/lib/carbon-ingestion
USER 10001:10001
EXPOSE 8500 8510 8511 8512 8513
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "ingestion.jar"]
CMD ["run", "--role", "all-in-one"]
