package com.vpsie.autoscaler.cluster;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class whose function runs against the Kubernetes adapter, pointed at fabric8's API
 * server stand-in ({@link KubeWorld}; the class implements {@code TestPropertyProvider} with
 * {@link KubeWorld#properties()}), with the sandbox's VPSie simulator behind the VPSie client. One
 * context for the class; drains wait 100 ms between eviction rounds and give up after 1 s, and a
 * terminating pod counts as gone once its grace period is over.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@MicronautTest(environments = "sandbox", rebuildContext = false)
@Property(name = "autoscaler.cluster", value = "kubernetes")
@Property(name = "autoscaler.kubernetes.namespace", value = KubeWorld.NS)
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.drain.eviction-retry-interval", value = "100ms")
@Property(name = "autoscaler.drain.max-graceful-termination", value = "1s")
@Property(name = "autoscaler.kubernetes.terminating-margin", value = "0s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public @interface AgainstKubeMock {
}
