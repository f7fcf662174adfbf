package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.config.KubernetesConfig;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * One {@code coordination.k8s.io/v1} Lease per node group, named {@code vpsie-autoscaler-<group>},
 * held by this pod's name. Taking it is a create or a replace under the Lease's resourceVersion, so
 * of two replicas racing for it exactly one wins and the other sees 409.
 */
@Singleton
@Requires(property = KubernetesCluster.MODE, value = "kubernetes", defaultValue = "kubernetes")
public class KubernetesLeases implements GroupLease {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesLeases.class);
    /** MicroTime, as the API server writes it. */
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final KubeApi api;
    private final KubernetesCluster cluster;
    private final KubernetesConfig config;
    private final Clock clock;
    private final String holder;

    public KubernetesLeases(KubeApi api, KubernetesCluster cluster, KubernetesConfig config, KubeConnection.InPod inPod, Clock clock) {
        this.api = api;
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
        // Outside a pod (kubeconfig, Lambda) there is no pod name; a random one keeps holders apart.
        this.holder = inPod.podName().orElse("vpsie-autoscaler-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public LockAnswer acquire(String group) {
        String path = "/apis/coordination.k8s.io/v1/namespaces/" + cluster.namespace() + "/leases";
        String name = "vpsie-autoscaler-" + group;
        Instant now = clock.instant();
        int seconds = (int) Math.max(1, config.leaseDuration().toSeconds());
        KubeWire.Lease current;
        try {
            current = api.get(path + "/" + name, KubeWire.Lease.class);
        } catch (KubeApi.Failure f) {
            if (f.code() != 404) {
                throw f;
            }
            KubeWire.Lease fresh = new KubeWire.Lease("coordination.k8s.io/v1", "Lease", KubeObjects.ObjectMeta.named(name, cluster.namespace()),
                    new KubeWire.LeaseSpec(holder, seconds, MICRO.format(now), MICRO.format(now), 0));
            return write("POST", path, fresh, group);
        }
        KubeWire.LeaseSpec spec = current.spec() == null ? new KubeWire.LeaseSpec(null, null, null, null, 0) : current.spec();
        boolean mine = holder.equals(spec.holderIdentity());
        if (!mine && held(spec, now)) {
            return LockAnswer.heldBy(spec.holderIdentity());
        }
        int transitions = (spec.leaseTransitions() == null ? 0 : spec.leaseTransitions()) + (mine ? 0 : 1);
        KubeWire.Lease next = new KubeWire.Lease("coordination.k8s.io/v1", "Lease",
                new KubeObjects.ObjectMeta(name, cluster.namespace(), current.metadata().resourceVersion(), null, null, null),
                new KubeWire.LeaseSpec(holder, seconds, mine ? spec.acquireTime() : MICRO.format(now), MICRO.format(now), transitions));
        return write("PUT", path + "/" + name, next, group);
    }

    @Override
    public void release(String group) {
        String path = "/apis/coordination.k8s.io/v1/namespaces/" + cluster.namespace() + "/leases/vpsie-autoscaler-" + group;
        try {
            KubeWire.Lease current = api.get(path, KubeWire.Lease.class);
            if (current.spec() == null || !holder.equals(current.spec().holderIdentity())) {
                return;
            }
            KubeWire.LeaseSpec s = current.spec();
            api.send("PUT", path, "application/json", new KubeWire.Lease("coordination.k8s.io/v1", "Lease", current.metadata(),
                    new KubeWire.LeaseSpec(null, s.leaseDurationSeconds(), s.acquireTime(), s.renewTime(), s.leaseTransitions())),
                    KubeWire.Lease.class);
        } catch (KubeApi.Failure f) {
            // It expires on its own; a failed release only makes the next holder wait.
            LOG.warn("lease of {} not released: {}", group, f.getMessage());
        }
    }

    private LockAnswer write(String method, String path, KubeWire.Lease lease, String group) {
        try {
            api.send(method, path, "application/json", lease, KubeWire.Lease.class);
            return LockAnswer.ACQUIRED;
        } catch (KubeApi.Failure f) {
            if (f.code() == 409) {
                return LockAnswer.heldBy("another replica (it took the lease of " + group + " first)");
            }
            throw f;
        }
    }

    private boolean held(KubeWire.LeaseSpec spec, Instant now) {
        if (spec.holderIdentity() == null || spec.holderIdentity().isEmpty() || spec.renewTime() == null) {
            return false;
        }
        int seconds = spec.leaseDurationSeconds() == null ? 0 : spec.leaseDurationSeconds();
        return Instant.parse(spec.renewTime()).plusSeconds(seconds).isAfter(now);
    }
}
