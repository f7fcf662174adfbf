package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.config.AuthConfig;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.config.SandboxConfig;
import com.vpsie.autoscaler.scenario.Scenario;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.LoadBalancer;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings the sandbox to life: loads the start-up world when the context starts (the Lambda
 * artifact has no server, and its handlers plan on that world too), and once the server listens
 * prints how to talk to it and runs the stand-in scheduler, whose FailedScheduling events are
 * POSTed to {@code /v1/webhooks/events} as a Kubernetes event exporter would.
 */
@Singleton
@Requires(env = "sandbox")
@Requires(notEnv = "simulation")
public class SandboxRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxRuntime.class);

    private final SandboxWorld world;
    private final SandboxConfig config;
    private final ResourceResolver resources;
    private final JsonMapper json;
    private final Clock clock;
    private final List<String> tokens;
    private final Map<String, Instant> lastEvent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sandbox-event-exporter");
        t.setDaemon(true);
        return t;
    });
    private HttpClient exporter;
    private final BeanContext beans;
    /** False under {@code make run-kube}: the VPSie simulator serves a real cluster, so nothing is scheduled here. */
    private final boolean simulatedCluster;

    public SandboxRuntime(SandboxWorld world, SandboxConfig config, ResourceResolver resources, JsonMapper json, Clock clock,
                          AuthConfig auth, ModeConfig mode, BeanContext beans) {
        this.beans = beans;
        this.simulatedCluster = mode.simulatedCluster();
        this.world = world;
        this.config = config;
        this.resources = resources;
        this.json = json;
        this.clock = clock;
        this.tokens = auth.tokens();
    }

    @EventListener
    void load(StartupEvent event) {
        try (InputStream in = resources.getResourceAsStream(config.startScenario())
                .orElseThrow(() -> new IllegalStateException("sandbox.start-scenario: " + config.startScenario() + " not found"))) {
            world.load(json.readValue(in, Scenario.class));
        } catch (IOException e) {
            throw new IllegalStateException("sandbox.start-scenario: " + config.startScenario() + " is not a scenario: " + e.getMessage(), e);
        }
    }

    @EventListener
    void serve(ServerStartupEvent event) {
        URL self = event.getSource().getURL();
        if (!simulatedCluster) {
            LOG.info("sandbox VPSie simulator at {}/sandbox/vpsie; the cluster is the real one from your kubeconfig", self);
            return;
        }
        exporter = beans.createBean(HttpClient.class, LoadBalancer.fixed(self));
        LOG.info("sandbox ready on {}: webhook token '{}' (Authorization: Bearer {}), simulated VPSie at {}/sandbox/vpsie",
                self, tokens.get(0), tokens.get(0), self);
        long every = config.schedulerInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            world.joinDue();
            Map<Pod, String> waiting = world.schedule();
            if (!config.exportEvents()) {
                return;
            }
            Instant now = clock.instant();
            lastEvent.keySet().removeIf(k -> waiting.keySet().stream().noneMatch(p -> p.key().equals(k)));
            for (var e : waiting.entrySet()) {
                Instant last = lastEvent.get(e.getKey().key());
                if (last == null || !now.isBefore(last.plus(config.eventInterval()))) {
                    lastEvent.put(e.getKey().key(), now);
                    export(e.getKey(), e.getValue(), now);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("sandbox scheduler tick failed: {}", e.toString());
        }
    }

    private void export(Pod pod, String message, Instant now) {
        Map<String, Object> involved = new LinkedHashMap<>();
        involved.put("kind", "Pod");
        involved.put("namespace", pod.namespace());
        involved.put("name", pod.name());
        involved.put("apiVersion", "v1");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("metadata", Map.of("name", pod.name() + "." + Long.toHexString(now.toEpochMilli()), "namespace", pod.namespace()));
        event.put("reason", "FailedScheduling");
        event.put("message", message);
        event.put("type", "Warning");
        event.put("eventTime", now.toString());
        event.put("reportingComponent", "default-scheduler");
        event.put("involvedObject", involved);
        HttpRequest<?> post = HttpRequest.POST("/v1/webhooks/events", event).bearerAuth(tokens.get(0));
        // Sent off the scheduler's thread, as an exporter does: the scheduler must not wait on the autoscaler.
        senders.execute(() -> {
            try {
                exporter.toBlocking().exchange(post);
            } catch (RuntimeException err) {
                LOG.debug("event export for {} failed: {}", pod.key(), err.toString());
            }
        });
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        senders.shutdownNow();
        if (exporter != null) {
            exporter.close();
        }
    }
}
