# Multi-arch runtime image of the one jar (build the jar first: make build). Not used by any test.
FROM eclipse-temurin:17-jre
WORKDIR /opt/carbon-ingestion
COPY target/ingestion.jar ingestion.jar
COPY conf conf
COPY connectors connectors
ENV DATA_DIR=/var/lib/carbon-ingestion
EXPOSE 8500
HEALTHCHECK --interval=10s --timeout=3s CMD wget -qO- http://127.0.0.1:${HTTP_PORT:-8500}/health/ready || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "ingestion.jar"]
CMD ["run", "--role", "all-in-one"]
