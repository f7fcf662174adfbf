package com.vpsie.autoscaler.webhook;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI description served at /openapi.yml covers every /v1 route the server has, with its error answers. */
@MicronautTest(environments = "sandbox")
class OpenApiTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Router router;

    @Test
    @SuppressWarnings("unchecked")
    void everyV1RouteIsDescribedWithItsErrorAnswersAsProblems() {
        HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.GET("/openapi.yml"), String.class);
        assertThat(r.code()).as("open, without a token").isEqualTo(200);
        Map<String, Object> doc = new Yaml().load(r.body());
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");

        List<UriRouteInfo<?, ?>> routes = new java.util.ArrayList<>();
        // HEAD is what Micronaut adds for each GET by itself.
        router.uriRoutes().filter(u -> u.getUriMatchTemplate().toString().startsWith("/v1") && !"HEAD".equals(u.getHttpMethodName()))
                .forEach(routes::add);
        assertThat(routes).hasSizeGreaterThanOrEqualTo(9);
        for (UriRouteInfo<?, ?> route : routes) {
            String path = route.getUriMatchTemplate().toPathString().replaceAll("\\{\\?[^}]*}", "");
            String method = route.getHttpMethodName().toLowerCase();
            assertThat(paths).as("described: %s %s", method, path).containsKey(path);
            Map<String, Object> op = (Map<String, Object>) paths.get(path).get(method);
            assertThat(op).as("%s %s", method, path).isNotNull();
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
            assertThat(responses).as("%s %s answers", method, path).containsKeys("401", "403");
            if (op.containsKey("requestBody")) {
                assertThat(responses).as("%s %s reads a body", method, path).containsKeys("400", "413");
            }
            responses.entrySet().stream().filter(e -> e.getKey().startsWith("4") || e.getKey().startsWith("5")).forEach(e ->
                    assertThat((Map<String, Object>) e.getValue().get("content")).as("%s %s %s", method, path, e.getKey())
                            .containsKey("application/problem+json"));
        }
    }
}
