package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.config.LimitsConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Webhook and manual-scale bodies are small; the server accepts up to 64 MiB only for what-if
 * scenarios. Declared lengths over {@code autoscaler.webhooks.max-body-size} are refused before the
 * body is read; {@link JsonBodies} checks the length actually received for chunked bodies.
 */
@ServerFilter({"/v1/webhooks/**", "/v1/scale"})
public class BodyLimitFilter implements Ordered {
    private final long limit;

    public BodyLimitFilter(LimitsConfig.Webhooks limits) {
        this.limit = limits.maxBodySize();
    }

    public long limit() {
        return limit;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> check(HttpRequest<?> request) {
        long length = request.getContentLength();
        if (length > limit) {
            return Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body", "body is " + length + " bytes; at most " + limit
                    + " accepted here (autoscaler.webhooks.max-body-size)", request.getPath()).response();
        }
        return null;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 200;
    }
}
