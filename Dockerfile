# Silo: build the shaded jar with the Maven Wrapper, run it on a JRE 25.
# docker build -t silo . && docker run -p 8080:8080 -p 9000:9000 -v silo-data:/data silo
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B install -DskipTests && cp server/target/silo.jar /silo.jar

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /data silo && mkdir -p /data && chown silo /data
COPY --from=build /silo.jar /opt/silo/silo.jar
USER silo
ENV SILO_DATA_DIR=/data SILO_HOST=0.0.0.0 SILO_PORT=8080
VOLUME /data
EXPOSE 8080 9000
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:MaxRAMPercentage=75", "-jar", "/opt/silo/silo.jar"]
CMD ["serve"]
