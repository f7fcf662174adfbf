package com.vpsie.autoscaler.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * {@code make bench-lambda}: one cold start of the HTTP API handler the SAM template names, in this
 * JVM, as far as it can be without AWS: the sandbox context (with {@link GatewayLoopback}, since
 * the VPSie client reaches the simulator over a port), the handler, and one Alertmanager delivery as API
 * Gateway hands it over. Prints milliseconds since the JVM started: to the handler ready, and to
 * the delivery answered. Not a test; Lambda's own runtime and SnapStart are not here.
 */
public final class LambdaColdStart {
    private LambdaColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        GatewayLoopback gateway = GatewayLoopback.start(Map.of("autoscaler.auth.tokens", "example-token",
                "sandbox.export-events", "false"), "function");
        ApplicationContext context = gateway.context();
        APIGatewayV2HTTPEventFunction handler = gateway.handler();
        long ready = System.currentTimeMillis();
        Map<String, Object> event = LambdaHandlersTest.fixture(context.getBean(JsonMapper.class), "apigw-http-v2-alertmanager.json");
        APIGatewayV2HTTPResponse r = handler.handleRequest(LambdaHandlersTest.v2(event, true), new LambdaHandlersTest.StubContext());
        long answered = System.currentTimeMillis();
        System.out.println((ready - jvmStart) + " " + (answered - jvmStart) + " " + r.getStatusCode());
        gateway.close();
        System.exit(r.getStatusCode() == 202 ? 0 : 1);
    }
}
