package com.vpsie.autoscaler.webhook;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code GET /v1/version}: what build this is, stamped at build time. */
@Controller("/v1/version")
public class VersionController {
    private final BuildInfo info = BuildInfo.load();

    @Serdeable
    public record BuildInfo(String version, String commit, String buildDate, String runtime) {
        static BuildInfo load() {
            Properties p = new Properties();
            try (InputStream in = VersionController.class.getResourceAsStream("/META-INF/build-info.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // Missing stamp: report unknown rather than fail the route.
            }
            return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("commit", "unknown"),
                    p.getProperty("buildDate", "unknown"), "java " + Runtime.version() + " " + System.getProperty("os.arch"));
        }
    }

    @Get
    public BuildInfo version() {
        return info;
    }
}
