package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.ManualScaler;
import com.vpsie.autoscaler.reconcile.Reconciler;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.sandbox.SimulatedCluster;
import com.vpsie.autoscaler.sandbox.SimulatorFaults;
import com.vpsie.autoscaler.sandbox.VpsieSimulatorController;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real client against the simulator with faults: the function's own reconciler drives a
 * scale-up through 5xx answers, lost add answers, 429s, expiring tokens and a spent quota.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "150ms")
@Property(name = "sandbox.scheduler-interval", value = "50ms")
@Property(name = "sandbox.faults.seed", value = "2026")
@Property(name = "vpsie.retry-base-delay", value = "5ms")
@Property(name = "vpsie.breaker-open-for", value = "200ms")
@Property(name = "vpsie.budget-per-minute", value = "2000")
class VpsieFaultsTest {
    private static final String SECRET = "sandbox-secret";

    @Inject
    Reconciler reconciler;
    @Inject
    ManualScaler manual;
    @Inject
    SandboxWorld world;
    @Inject
    SimulatorFaults faults;
    @Inject
    VpsieSimulatorController simulator;
    @Inject
    ClusterPort cluster;
    @Inject
    VpsiePort vpsie;
    @Inject
    MeterRegistry meters;
    @Inject
    JsonMapper json;
    @Inject
    EmbeddedServer server;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void startWorld() throws IOException {
        faults.set(SimulatorFaults.Faults.NONE);
        com.vpsie.autoscaler.sandbox.StartWorld.load(world, json);
        faults.resetCounts();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stopCapture() {
        faults.set(SimulatorFaults.Faults.NONE);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void scaleUpFromOneToEightUnderFaultsEndsWithExactlyEightAndNoDuplicateAdds() throws Exception {
        // Eight 1-CPU pods on 2-CPU nodes: one fits the existing node, seven need new ones.
        world.addPods("web", 8, Resources.of(1000, 512L << 20, 1), Map.of());
        faults.set(new SimulatorFaults.Faults(0.3, 0.0, 5, 0, 0.1, null, 1));

        List<Decision> decisions = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !settled(8)) {
            decisions.add(reconciler.reconcile(List.of("general"), "fault test").get(0));
            Thread.sleep(100);
        }

        assertThat(settled(8)).as("status %s, workers %s, decisions: %s", cluster.read().group("general").orElseThrow().status(),
                world.workers(), decisions).isTrue();
        Map<String, Integer> stats = world.stats();
        assertThat(world.workers()).hasSize(8);
        assertThat(stats.get("duplicateAdds")).as("stats %s, decisions %s", stats, decisions).isZero();
        assertThat(stats.get("workersCreated")).isEqualTo(7);
        // The faults really happened: retried reads and 429s (a lost add answer is drawn at 10 %; the next test forces one).
        assertThat(counter("vpsie_autoscaler_vpsie_requests_total", "outcome", "server_error")).isPositive();
        assertThat(counter("vpsie_autoscaler_vpsie_requests_total", "outcome", "rate_limited")).isPositive();
        assertThat(cluster.read().group("general").orElseThrow().status().provisioningOrEmpty()).isEmpty();
    }

    @Test
    void aStormOfPlansReadsGroupSizesOnceAndAnAddDropsTheCachedList() {
        for (int i = 0; i < 20; i++) {
            vpsie.nodeGroups("sandbox-cluster");
        }
        assertThat(faults.callsPerOperation().getOrDefault("list node groups", 0)).as("served from vpsie.groups-ttl").isLessThanOrEqualTo(1);
        vpsie.adder("sandbox-cluster", 11).add();
        int afterAdd = faults.callsPerOperation().getOrDefault("list node groups", 0);
        assertThat(vpsie.nodeGroups("sandbox-cluster")).singleElement().satisfies(g -> assertThat(g.nodesCount()).isEqualTo(2));
        assertThat(faults.callsPerOperation().get("list node groups")).as("an add drops the cached count").isEqualTo(afterAdd + 1);
    }

    @Test
    void aLostAddAnswerIsFoundInVpsiesCountAndNotAskedAgain() {
        faults.set(new SimulatorFaults.Faults(null, null, null, null, 1.0, null, null));
        VpsiePort.Adder adder = vpsie.adder("sandbox-cluster", 11);

        VpsiePort.AddedNode first = adder.add();
        VpsiePort.AddedNode second = adder.add();

        assertThat(world.stats().get("workersCreated")).isEqualTo(2);
        assertThat(faults.callsPerOperation().get("add worker")).as("each add sent once").isEqualTo(2);
        assertThat(List.of(first.identifier(), second.identifier())).hasSize(2).doesNotContainNull().doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(world.workers()).anySatisfy(w -> assertThat(w.identifier()).isEqualTo(id)));
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("the add happened"));
    }

    @Test
    void tokensExpiringMidRunAreInvisibleToCallers() throws Exception {
        world.addPods("web", 6, Resources.of(1000, 512L << 20, 1), Map.of());
        faults.set(new SimulatorFaults.Faults(null, null, null, 15, null, null, null));
        ScheduledExecutorService revoker = Executors.newSingleThreadScheduledExecutor();
        revoker.schedule(simulator::expireTokens, 60, TimeUnit.MILLISECONDS);
        Decision d;
        long started = System.nanoTime();
        try {
            d = reconciler.reconcile(List.of("general"), "token test").get(0);
        } finally {
            revoker.shutdownNow();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the tokens expired while the reconcile ran")
                .isGreaterThan(Duration.ofMillis(100));
        assertThat(d.error()).isNull();
        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.added()).isEqualTo(5);
        assertThat(faults.callsPerOperation().get("login")).as("logged in again after tokens expired").isPositive();
        assertThat(counter("vpsie_autoscaler_vpsie_requests_total", "outcome", "auth")).isZero();
        assertNoSecretLogged();
    }

    @Test
    void aSpentQuotaStopsAddsSaysSoAndAManualActionTriesAgain() {
        // Six 1-CPU pods want five new nodes; the account may have three workers, and has one.
        world.addPods("web", 6, Resources.of(1000, 512L << 20, 1), Map.of());
        faults.set(new SimulatorFaults.Faults(null, null, null, null, null, 3, null));

        Decision first = reconciler.reconcile(List.of("general"), "quota test").get(0);

        assertThat(first.added()).isEqualTo(2);
        assertThat(first.outcome()).as("a partial scale-up is still one").isEqualTo(Decision.Outcome.SCALED_UP);
        assertThat(first.error()).contains("exceeds the allowed limit");
        NodeGroup.Condition quota = cluster.read().group("general").orElseThrow().status().condition("QuotaExceeded").orElseThrow();
        assertThat(quota.status()).isEqualTo("True");
        assertThat(quota.message()).contains("exceeds the allowed limit");
        assertThat(((SimulatedCluster) cluster).events()).anySatisfy(e -> {
            assertThat(e.reason()).isEqualTo("QuotaExceeded");
            assertThat(e.message()).contains("pause");
        });
        assertThat(counter("vpsie_autoscaler_vpsie_quota_exceeded_total", "operation", "add worker")).isEqualTo(1);
        int addCalls = faults.callsPerOperation().get("add worker");

        Decision second = reconciler.reconcile(List.of("general"), "quota test").get(0);
        assertThat(faults.callsPerOperation().get("add worker")).as("no add is even tried while paused").isEqualTo(addCalls);
        assertThat(second.reasons()).anySatisfy(r -> assertThat(r).startsWith("adds paused: VPSie quota exceeded"));

        manual.scale(new ManualScaler.Command("general", 5, null, "quota raised", false, null));
        assertThat(faults.callsPerOperation().get("add worker")).as("a manual action lifts the pause: VPSie is asked again")
                .isEqualTo(addCalls + 1);
    }

    @Test
    void noCredentialOrTokenReachesALogLineOrAnError() {
        vpsie.nodeGroups("sandbox-cluster");
        simulator.expireTokens();
        vpsie.nodeGroups("sandbox-cluster");
        String url = "http://localhost:" + server.getPort() + "/sandbox/vpsie";
        try (ApplicationContext wrong = ApplicationContext.run(Map.of("vpsie.base-url", url, "vpsie.client-id", "sandbox-client",
                "vpsie.client-secret", "not-the-" + SECRET, "vpsie.login-encoding", "form", "vpsie.retry-base-delay", "5ms"))) {
            assertThatThrownBy(() -> wrong.getBean(VpsiePort.class).nodeGroups("sandbox-cluster"))
                    .isInstanceOfSatisfying(VpsiePort.VpsieException.class, e -> {
                        assertThat(e.failure()).isEqualTo(VpsiePort.Failure.AUTH);
                        assertThat(e.getMessage()).contains("login refused for client id sandbox-client").doesNotContain(SECRET);
                    });
        }
        try (ApplicationContext form = ApplicationContext.run(Map.of("vpsie.base-url", url, "vpsie.client-id", "sandbox-client",
                "vpsie.client-secret", SECRET, "vpsie.login-encoding", "form", "vpsie.auth-header", "bearer"))) {
            assertThat(form.getBean(VpsiePort.class).nodeGroups("sandbox-cluster")).as("form login, Authorization: Bearer").hasSize(1);
        }
        try (ApplicationContext header = ApplicationContext.run(Map.of("vpsie.base-url", url, "vpsie.client-id", "sandbox-client",
                "vpsie.client-secret", SECRET, "vpsie.auth-header", "vpsie-auth", "vpsie.retry-base-delay", "5ms"))) {
            assertThatThrownBy(() -> header.getBean(VpsiePort.class).nodeGroups("sandbox-cluster")).as("a login token in Vpsie-Auth")
                    .isInstanceOfSatisfying(VpsiePort.VpsieException.class, e -> assertThat(e.failure()).isEqualTo(VpsiePort.Failure.AUTH));
        }
        assertThat(simulator.issuedTokens()).hasSizeGreaterThanOrEqualTo(3);
        assertNoSecretLogged();
    }

    private void assertNoSecretLogged() {
        List<String> secrets = new ArrayList<>(simulator.issuedTokens());
        secrets.add(SECRET);
        assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
            StringBuilder all = new StringBuilder(e.getFormattedMessage());
            if (e.getKeyValuePairs() != null) {
                e.getKeyValuePairs().forEach(kv -> all.append(' ').append(kv.value));
            }
            if (e.getThrowableProxy() != null) {
                all.append(' ').append(e.getThrowableProxy().getMessage());
            }
            for (String s : secrets) {
                assertThat(all.toString()).doesNotContain(s);
            }
        });
    }

    private boolean settled(int nodes) {
        var view = cluster.read();
        NodeGroup g = view.group("general").orElseThrow();
        return view.nodes().stream().filter(n -> "general".equals(n.nodeGroup()) && n.ready()).count() == nodes
                && g.status().provisioningOrEmpty().isEmpty();
    }

    private double counter(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
