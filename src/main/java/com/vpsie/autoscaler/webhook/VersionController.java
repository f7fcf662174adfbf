package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.health.BuildInfo;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /v1/version}: what build this is, stamped at build time. */
@Controller("/v1/version")
public class VersionController {
    private final BuildInfo info = BuildInfo.load();

    @Get
    @ApiErrors
    public BuildInfo version() {
        return info;
    }
}
