package com.vpsie.autoscaler.health;

import io.micronaut.serde.annotation.Serdeable;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What build this is: version, commit and build date stamped at build time (Maven filters
 * {@code META-INF/build-info.properties} from {@code -Dbuild.version/-Dbuild.commit/-Dbuild.date},
 * which the Makefile and the Dockerfile's VERSION, COMMIT and BUILD_DATE set), and the runtime.
 */
@Serdeable
public record BuildInfo(String version, String commit, String buildDate, String runtime) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Missing stamp: report unknown rather than fail.
        }
        return new BuildInfo(stamp(p, "version"), stamp(p, "commit"), stamp(p, "buildDate"), currentRuntime());
    }

    /** A value Maven did not fill in (left as ${...}) is as good as none. */
    private static String stamp(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    /** "native" under GraalVM native image, else the JVM's version; and the CPU architecture. */
    private static String currentRuntime() {
        String kind = System.getProperty("org.graalvm.nativeimage.imagecode") != null ? "native image" : "java " + Runtime.version();
        return kind + " " + System.getProperty("os.name", "") + "/" + System.getProperty("os.arch", "");
    }
}
