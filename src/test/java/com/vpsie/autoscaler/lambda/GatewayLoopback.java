package com.vpsie.autoscaler.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.vpsie.autoscaler.sandbox.SandboxContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway in front of the HTTP API handler, on a loopback port: how a Lambda sandbox reaches
 * its VPSie simulator, since the Lambda artifact has no server of its own. Each request becomes
 * the payload 2.0 event API Gateway would hand over, and the handler's answer goes back as is.
 */
final class GatewayLoopback implements AutoCloseable {
    private final HttpServer server;
    private final ApplicationContext context;
    private final APIGatewayV2HTTPEventFunction handler;

    private GatewayLoopback(HttpServer server, ApplicationContext context) {
        this.server = server;
        this.context = context;
        this.handler = new APIGatewayV2HTTPEventFunction(context);
    }

    /** A sandbox context whose VPSie client reaches the simulator through this gateway. */
    static GatewayLoopback start(Map<String, Object> properties, String... environments) throws IOException {
        // Headers and body leave in two writes: without TCP_NODELAY each answer waits for the
        // client's delayed ACK (about 40 ms on Linux) before its body is sent.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, Object> withVpsie = new HashMap<>(properties);
        withVpsie.put("vpsie.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/sandbox/vpsie");
        GatewayLoopback gateway = new GatewayLoopback(server, SandboxContexts.start(withVpsie, environments));
        server.createContext("/", gateway::forward);
        server.start();
        return gateway;
    }

    ApplicationContext context() {
        return context;
    }

    APIGatewayV2HTTPEventFunction handler() {
        return handler;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
            event.setVersion("2.0");
            event.setRawPath(exchange.getRequestURI().getRawPath());
            event.setRawQueryString(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            event.setHeaders(headers);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (body.length > 0) {
                event.setBody(Base64.getEncoder().encodeToString(body));
                event.setIsBase64Encoded(true);
            }
            APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
            http.setMethod(exchange.getRequestMethod());
            http.setPath(exchange.getRequestURI().getRawPath());
            http.setProtocol("HTTP/1.1");
            http.setSourceIp("127.0.0.1");
            APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
            requestContext.setHttp(http);
            requestContext.setStage("$default");
            event.setRequestContext(requestContext);

            APIGatewayV2HTTPResponse answer = handler.handleRequest(event, new LambdaHandlersTest.StubContext());
            if (answer.getHeaders() != null) {
                answer.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            }
            if (answer.getMultiValueHeaders() != null) {
                answer.getMultiValueHeaders().forEach((name, values) -> exchange.getResponseHeaders().put(name, List.copyOf(values)));
            }
            String text = answer.getBody() == null ? "" : answer.getBody();
            byte[] out = answer.getIsBase64Encoded() ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.getStatusCode(), out.length == 0 ? -1 : out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        context.close();
    }
}
