package com.vpsie.autoscaler.webhook;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /openapi.yml}: the HTTP contract as OpenAPI 3, generated at build time from the
 * controllers and their request and answer records (micronaut-openapi). Open, like /health: it
 * holds no secrets, and a client needs it before it has a token.
 */
@Controller
@Hidden
public class OpenApiController {
    static final String RESOURCE = "META-INF/swagger/vpsie-autoscaler-v1.yml";

    @Get(value = "/openapi.yml", produces = "application/yaml")
    public HttpResponse<byte[]> openApi() throws IOException {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ProblemException(io.micronaut.http.HttpStatus.NOT_FOUND, null, "this build carries no OpenAPI description");
            }
            return HttpResponse.ok(in.readAllBytes()).contentType("application/yaml");
        }
    }
}
