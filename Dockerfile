# syntax=docker/dockerfile:1.7
#
# vpsie-autoscaler images. Default target: the GraalVM native executable on distroless, non-root.
#   docker buildx build -t IMAGE .                                  # native, this machine's architecture
#   docker buildx build --target jvm -t IMAGE-jvm .                 # JVM image, quick to build
#   docker buildx build --platform linux/amd64,linux/arm64 --push \
#     --build-arg VERSION=v0.2.0 --build-arg COMMIT=$(git rev-parse --short HEAD) \
#     --build-arg BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) -t IMAGE:v0.2.0 .   # what `make image-push` runs
#
# Multi-arch: native-image cannot cross-compile (it compiles for the CPU it runs on), so the
# native stage is built FOR and ON each target platform: buildx runs the arm64 stage under QEMU
# emulation on an amd64 host (slow: expect 5-10x the native build time) or, much faster, on an
# arm64 node of a multi-node builder (`docker buildx create --append --platform linux/arm64 ...`).
# Nothing in this file changes between the two. The JVM jar, being bytecode, is built once on the
# build platform ($BUILDPLATFORM) and copied into every architecture's JVM image.

# A current GraalVM: GraalVM Community for JDK 17 gets no more updates. The bytecode still targets
# Java 17 (micronaut-parent's maven.compiler.release); native-image compiles it with the JDK it
# ships. Its Oracle Linux 9 base has glibc 2.34, older than distroless/base-debian12's 2.36, so the
# executable's one shared library is there at run time.
ARG GRAALVM_IMAGE=ghcr.io/graalvm/native-image-community:25
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17

# ---- Maven, as a layer to copy from (the GraalVM image has no Maven) ----
FROM ${MAVEN_IMAGE} AS maven

# ---- the jar: once, on the build platform ----
FROM --platform=$BUILDPLATFORM ${MAVEN_IMAGE} AS jar
ARG VERSION=dev
ARG COMMIT=unknown
ARG BUILD_DATE=unknown
WORKDIR /build
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests \
      -Dbuild.version=${VERSION} -Dbuild.commit=${COMMIT} -Dbuild.date=${BUILD_DATE} \
 && cp target/vpsie-autoscaler-*.jar /build/vpsie-autoscaler.jar \
 && cp -r target/lib /build/lib

# ---- the native executable: on each target platform (see above) ----
FROM ${GRAALVM_IMAGE} AS native-build
ARG VERSION=dev
ARG COMMIT=unknown
ARG BUILD_DATE=unknown
COPY --from=maven /usr/share/maven /usr/share/maven
ENV PATH=/usr/share/maven/bin:$PATH MAVEN_HOME=/usr/share/maven
WORKDIR /build
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline -Dpackaging=native-image || true
COPY src ./src
COPY bin/smoke-test ./bin/smoke-test
# Micronaut's Maven plugin drives GraalVM's native-maven-plugin, on the Deployment's classpath: the
# lambda-artifact profile (the AWS Lambda machinery, its jar and its tests) is off for
# -Dpackaging=native-image, hence no tests compiled here (they run in the workflow's test job). Build arguments come from
# src/main/resources/META-INF/native-image/.../native-image.properties (mostly static, baseline
# CPU: see there). The smoke test then starts the executable in its sandbox, waits for /health,
# sends one authenticated Alertmanager delivery (VPSie login, cluster read, plan), one without a
# token and a plan request, and stops it with SIGTERM: an executable that is missing reflection,
# resources or serde metadata the running function needs fails the image build here.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -Dpackaging=native-image -Dmaven.test.skip=true \
      -Dbuild.version=${VERSION} -Dbuild.commit=${COMMIT} -Dbuild.date=${BUILD_DATE} \
 && cp target/vpsie-autoscaler /build/vpsie-autoscaler \
 && /build/vpsie-autoscaler version \
 && bin/smoke-test /build/vpsie-autoscaler

# ---- JVM image (for fast iteration): Temurin 25 JRE, non-root ----
# Not distroless: bin/vpsie-autoscaler, the one place the fast JVM start lives, is a bash script.
# JDK 25, not 17, for its AOT cache (JEP 483, 514): classes loaded and linked ahead of time, which
# started the function in about 0.7x the time of JDK 17 with an AppCDS archive (docs/startup.md).
# The jar is Java 17 bytecode and its tests also pass on 25. The cache is made here, by the JVM
# this image runs (it only fits the JVM and jar that made it), in a training run of the function
# in its sandbox.
FROM eclipse-temurin:25-jre AS jvm
ARG VERSION=dev
ARG COMMIT=unknown
ARG BUILD_DATE=unknown
LABEL org.opencontainers.image.title="vpsie-autoscaler" \
      org.opencontainers.image.description="Kubernetes node autoscaler for the VPSie cloud (JVM)" \
      org.opencontainers.image.source="https://github.com/vpsieinc/vpsie-autoscaler" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.created="${BUILD_DATE}"
# The jar is thin: its manifest names the libraries in lib/ beside it.
COPY --from=jar /build/vpsie-autoscaler.jar /app/vpsie-autoscaler.jar
COPY --from=jar /build/lib /app/lib
COPY bin/vpsie-autoscaler bin/smoke-test /app/bin/
RUN /app/bin/vpsie-autoscaler train && rm -f /app/vpsie-autoscaler.train.log \
 && chmod 0555 /app/bin/vpsie-autoscaler /app/bin/smoke-test && chmod 0444 /app/vpsie-autoscaler.jar /app/lib/*.jar "$(VPSIE_AUTOSCALER_JAR=/app/vpsie-autoscaler.jar /app/bin/vpsie-autoscaler archive)"
ENV LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/app/bin/vpsie-autoscaler"]

# ---- native image (default): distroless base, non-root ----
# base-debian12, not static: the executable is "mostly static" (--static-nolibc: everything linked
# in but glibc). A fully static build needs musl (--static --libc=musl) and its toolchain, which the
# community GraalVM image does not ship; glibc is also what Netty and the JDK's DNS resolution are
# tested on.
# distroless/base gives glibc, CA certificates and tzdata and nothing else (no shell).
FROM gcr.io/distroless/base-debian12:nonroot AS native
ARG VERSION=dev
ARG COMMIT=unknown
ARG BUILD_DATE=unknown
LABEL org.opencontainers.image.title="vpsie-autoscaler" \
      org.opencontainers.image.description="Kubernetes node autoscaler for the VPSie cloud" \
      org.opencontainers.image.source="https://github.com/vpsieinc/vpsie-autoscaler" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.created="${BUILD_DATE}"
COPY --from=native-build --chown=65532:65532 /build/vpsie-autoscaler /app/vpsie-autoscaler
ENV LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/app/vpsie-autoscaler"]
