package com.vpsie.autoscaler.health;

import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.VpsiePort;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Readiness stays DOWN until the function has once read the Kubernetes API and once been answered
 * by VPSie with its credentials: a pod that can do neither must not be sent webhooks nor report
 * UP while every cluster route fails. From start-up it tries both every 5 s until
 * each has worked, and {@code /health} says what failed. After that, readiness never calls either
 * again (the {@code vpsie} indicator reports what calls saw), so an outage later does not take the
 * function out of its Service.
 */
@Singleton
@Readiness
@Requires(property = "autoscaler.readiness.first-contact", notEquals = "false")
public class FirstContact implements HealthIndicator, ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(FirstContact.class);

    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final ScheduledExecutorService tries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "first-contact");
        t.setDaemon(true);
        return t;
    });
    private volatile String kubernetes = "not tried yet";
    private volatile boolean kubernetesOk;
    private volatile String vpsieState = "not tried yet";
    private volatile boolean vpsieOk;

    public FirstContact(ClusterPort cluster, VpsiePort vpsie) {
        this.cluster = cluster;
        this.vpsie = vpsie;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        tries.scheduleWithFixedDelay(this::tryBoth, 0, 5, TimeUnit.SECONDS);
    }

    private void tryBoth() {
        if (!kubernetesOk) {
            try {
                cluster.nodeGroups();
                kubernetesOk = true;
                kubernetes = "reached";
            } catch (RuntimeException e) {
                kubernetes = "never reached yet: " + e.getMessage();
            }
        }
        if (!vpsieOk) {
            try {
                vpsie.clusters();
                vpsieOk = true;
                vpsieState = "logged in and answered";
            } catch (RuntimeException e) {
                vpsieState = "never answered yet: " + e.getMessage();
            }
        }
        if (kubernetesOk && vpsieOk) {
            LOG.info("first contact: Kubernetes API and VPSie both answered; ready");
            tries.shutdown();
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kubernetes", kubernetes);
        details.put("vpsie", vpsieState);
        HealthStatus status = kubernetesOk && vpsieOk ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("firstContact", status).details(details).build());
    }

    @PreDestroy
    void stop() {
        tries.shutdownNow();
    }
}
