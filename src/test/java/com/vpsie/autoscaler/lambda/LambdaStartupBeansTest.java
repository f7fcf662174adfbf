package com.vpsie.autoscaler.lambda;

import com.vpsie.autoscaler.StartupBeans;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every bean the Lambda has made by the time its HTTP API handler is ready (the context the
 * handler runs in, on the Lambda artifact's classpath, before the first event) is declared, with
 * why it must exist then, in src/test/resources/startup-beans-lambda.txt. What SnapStart snapshots
 * is this; what it does not, the first event makes.
 */
class LambdaStartupBeansTest {
    @Test
    void everyBeanMadeByTheTimeTheHandlerIsReadyIsDeclared() throws Exception {
        try (GatewayLoopback gateway = GatewayLoopback.start(Map.of("autoscaler.auth.tokens", "example-token",
                "sandbox.export-events", "false"), "function")) {
            StartupBeans.assertDeclared(gateway.context(), Path.of("src/test/resources/startup-beans-lambda.txt"));
        }
    }
}
