package com.vpsie.autoscaler.lambda;

import com.vpsie.autoscaler.sandbox.SandboxContexts;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * {@code make bench-lambda}: one cold start of the HTTP API handler the SAM template names, in this
 * JVM, as far as it can be without AWS: the sandbox context (its server too, since the VPSie
 * client reaches the simulator over it), the handler, and one Alertmanager delivery as API
 * Gateway hands it over. Prints milliseconds since the JVM started: to the handler ready, and to
 * the delivery answered. Not a test; Lambda's own runtime and SnapStart are not here.
 */
public final class LambdaColdStart {
    private LambdaColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        ApplicationContext context = SandboxContexts.start(Map.of("autoscaler.auth.tokens", "example-token",
                "sandbox.export-events", "false", "micronaut.server.port", "-1"), "function");
        APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(context);
        long ready = System.currentTimeMillis();
        Map<String, Object> event = LambdaHandlersTest.fixture(context.getBean(JsonMapper.class), "apigw-http-v2-alertmanager.json");
        APIGatewayV2HTTPResponse r = handler.handleRequest(LambdaHandlersTest.v2(event, true), new LambdaHandlersTest.StubContext());
        long answered = System.currentTimeMillis();
        System.out.println((ready - jvmStart) + " " + (answered - jvmStart) + " " + r.getStatusCode());
        context.close();
        System.exit(r.getStatusCode() == 202 ? 0 : 1);
    }
}
