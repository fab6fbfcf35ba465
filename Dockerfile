# Silo: build the shaded jar with the Maven Wrapper, run it on a JRE 25.
# docker build -t silo . && docker run -p 8080:8080 -p 9000:9000 -v silo-data:/data silo
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B install -DskipTests && cp server/target/silo.jar /silo.jar

FROM eclipse-temurin:25-jre
# libvips for image transforms (WebP, AVIF; without it only JPEG and PNG): libvips42t64 on Ubuntu 24.04, libvips42 before;
# OpenSSL's libcrypto for a TUS upload's running SHA-256 and MD5 (without it a Java digest, several times slower): libssl3t64, libssl3
RUN apt-get update \
 && (apt-get install -y --no-install-recommends libvips42t64 || apt-get install -y --no-install-recommends libvips42) \
 && (apt-get install -y --no-install-recommends libssl3t64 || apt-get install -y --no-install-recommends libssl3) \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /data silo && mkdir -p /data && chown silo /data
COPY --from=build /silo.jar /opt/silo/silo.jar
USER silo
# inside a container every interface is the point (./silo serve outside binds 127.0.0.1 only)
ENV SILO_DATA_DIR=/data SILO_HOST=0.0.0.0 SILO_PORT=8080
VOLUME /data
EXPOSE 8080 9000
# the server's own probe: the image has no curl, and sh cannot open TCP connections
HEALTHCHECK --interval=10s --timeout=10s --start-period=30s --retries=6 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-jar", "/opt/silo/silo.jar", "health"]
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:MaxRAMPercentage=75", "-jar", "/opt/silo/silo.jar"]
CMD ["serve"]
