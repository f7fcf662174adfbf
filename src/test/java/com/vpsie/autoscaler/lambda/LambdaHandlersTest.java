package com.vpsie.autoscaler.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both API Gateway payload handlers, invoked in-process as the Lambda runtime would, with the API
 * Gateway events Alertmanager's delivery becomes (src/test/resources/fixtures). The function runs in the
 * sandbox, on the Lambda artifact's classpath (no Netty server); its VPSie client reaches the
 * simulator through {@link GatewayLoopback}, the same handler behind a loopback port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaHandlersTest {
    private GatewayLoopback gateway;
    private ApplicationContext context;
    private JsonMapper json;

    @BeforeAll
    void start() throws IOException {
        gateway = GatewayLoopback.start(Map.of("autoscaler.auth.tokens", "example-token", "sandbox.export-events", "false"), "function");
        context = gateway.context();
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void theLambdaRunsWithoutTheNettyServerTheDeploymentCarries() {
        // This class runs in the lambda-test execution, on the Lambda artifact's classpath.
        assertThat(getClass().getClassLoader().getResource("io/micronaut/http/server/netty/NettyHttpServer.class"))
                .as("the Netty server on the Lambda's classpath").isNull();
        assertThat(context.findBean(io.micronaut.runtime.server.EmbeddedServer.class)).as("a server started in the Lambda").isEmpty();
    }

    @Test
    void httpApiPayload2AlertmanagerDeliveryIsAccepted() throws IOException {
        APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(context);
        APIGatewayV2HTTPResponse r = handler.handleRequest(v2(fixture("apigw-http-v2-alertmanager.json"), true), new StubContext());
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        Map<String, Object> body = json.readValue(r.getBody(), Map.class);
        assertThat(body.get("received")).isEqualTo(2);
        assertThat(String.valueOf(body.get("triggered"))).contains("general");
    }

    @Test
    void httpApiPayload2WithoutTheTokenIs401ProblemJson() throws IOException {
        APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(context);
        APIGatewayV2HTTPResponse r = handler.handleRequest(v2(fixture("apigw-http-v2-alertmanager.json"), false), new StubContext());
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(header(r.getHeaders(), "Content-Type")).startsWith("application/problem+json");
        assertThat(json.readValue(r.getBody(), Map.class).get("detail").toString()).contains("Authorization");
    }

    @Test
    void restApiPayload1AlertmanagerDeliveryIsAcceptedAndRefusedWithoutToken() throws IOException {
        ApiGatewayProxyRequestEventFunction handler = new ApiGatewayProxyRequestEventFunction(context);
        APIGatewayProxyResponseEvent ok = handler.handleRequest(v1(fixture("apigw-rest-v1-alertmanager.json"), true), new StubContext());
        assertThat(ok.getStatusCode()).as(ok.getBody()).isEqualTo(202);
        assertThat(String.valueOf(json.readValue(ok.getBody(), Map.class).get("triggered"))).contains("general");

        APIGatewayProxyResponseEvent refused = handler.handleRequest(v1(fixture("apigw-rest-v1-alertmanager.json"), false), new StubContext());
        assertThat(refused.getStatusCode()).isEqualTo(401);
    }

    /** The fixture as the Lambda runtime hands it over; without the Authorization header when {@code token} is false. */
    @SuppressWarnings("unchecked")
    static APIGatewayV2HTTPEvent v2(Map<String, Object> f, boolean token) {
        Map<String, String> headers = new HashMap<>((Map<String, String>) f.get("headers"));
        if (!token) {
            headers.remove("authorization");
        }
        Map<String, Object> rc = (Map<String, Object>) f.get("requestContext");
        Map<String, Object> http = (Map<String, Object>) rc.get("http");
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setVersion((String) f.get("version"));
        e.setRouteKey((String) f.get("routeKey"));
        e.setRawPath((String) f.get("rawPath"));
        e.setRawQueryString((String) f.get("rawQueryString"));
        e.setHeaders(headers);
        e.setBody((String) f.get("body"));
        e.setIsBase64Encoded(Boolean.TRUE.equals(f.get("isBase64Encoded")));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRequestId((String) rc.get("requestId"));
        context.setStage((String) rc.get("stage"));
        APIGatewayV2HTTPEvent.RequestContext.Http h = new APIGatewayV2HTTPEvent.RequestContext.Http();
        h.setMethod((String) http.get("method"));
        h.setPath((String) http.get("path"));
        h.setProtocol((String) http.get("protocol"));
        h.setSourceIp((String) http.get("sourceIp"));
        context.setHttp(h);
        e.setRequestContext(context);
        return e;
    }

    @SuppressWarnings("unchecked")
    private APIGatewayProxyRequestEvent v1(Map<String, Object> f, boolean token) {
        Map<String, String> headers = new HashMap<>((Map<String, String>) f.get("headers"));
        Map<String, List<String>> multi = new HashMap<>((Map<String, List<String>>) f.get("multiValueHeaders"));
        if (!token) {
            headers.remove("Authorization");
            multi.remove("Authorization");
        }
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
        e.setResource((String) f.get("resource"));
        e.setPath((String) f.get("path"));
        e.setHttpMethod((String) f.get("httpMethod"));
        e.setHeaders(headers);
        e.setMultiValueHeaders(multi);
        e.setPathParameters((Map<String, String>) f.get("pathParameters"));
        e.setBody((String) f.get("body"));
        e.setIsBase64Encoded(Boolean.TRUE.equals(f.get("isBase64Encoded")));
        Map<String, Object> rc = (Map<String, Object>) f.get("requestContext");
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setRequestId((String) rc.get("requestId"));
        context.setStage((String) rc.get("stage"));
        context.setHttpMethod((String) rc.get("httpMethod"));
        context.setPath((String) rc.get("path"));
        context.setResourcePath((String) rc.get("resourcePath"));
        e.setRequestContext(context);
        return e;
    }

    private Map<String, Object> fixture(String name) throws IOException {
        return fixture(json, name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fixture(JsonMapper json, String name) throws IOException {
        try (InputStream in = LambdaHandlersTest.class.getResourceAsStream("/fixtures/" + name)) {
            return json.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
        }
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse("");
    }

    /** The little of Lambda's Context a handler may look at. */
    static final class StubContext implements Context {
        @Override
        public String getAwsRequestId() {
            return "test-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/vpsie-autoscaler";
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "vpsie-autoscaler";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-central-1:123456789012:function:vpsie-autoscaler";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
