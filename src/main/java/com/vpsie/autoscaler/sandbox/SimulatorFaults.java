package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.config.FaultsConfig;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * The faults the VPSie simulator injects, set by configuration ({@code sandbox.faults.*}) and at
 * run time ({@code PUT /sandbox/vpsie/faults}; {@code {}} clears them). Draws come from one seeded
 * generator, so a test run with the same calls meets the same faults.
 */
@Singleton
@Requires(env = "sandbox")
public class SimulatorFaults {

    /**
     * {@code serverErrorRate}: share of calls answered 5xx before anything is done;
     * {@code errorInBodyRate}: share answered HTTP 200 with {@code "error":true};
     * {@code rateLimitEvery}: every Nth call answered 429 with {@code Retry-After};
     * {@code latencyMs}: added to every call; {@code lostAddRate}: share of adds (and group creations) carried out but
     * answered 504; {@code quota}: the most workers the account may have;
     * {@code nodesCountLagSeconds}: a group's {@code nodes_count} counts a new worker only this long
     * after its add; {@code nodeShape}: {@code "govpsie"} lists nodes as govpsie reads them
     * ({@code id}, {@code node_type}, no {@code identifier}), else VPSie's autoscaler's shape;
     * {@code addAnswer}: {@code "object"} answers an add with the worker, else (VPSie's own code's
     * expectation) with {@code true}.
     */
    @Serdeable
    public record Faults(@Nullable Double serverErrorRate, @Nullable Double errorInBodyRate, @Nullable Integer rateLimitEvery,
                         @Nullable Integer latencyMs, @Nullable Double lostAddRate, @Nullable Integer quota,
                         @Nullable Integer retryAfterSeconds, @Nullable Integer nodesCountLagSeconds, @Nullable String nodeShape,
                         @Nullable String addAnswer) {
        public static final Faults NONE = new Faults(null, null, null, null, null, null, null);

        @io.micronaut.core.annotation.Creator
        public Faults {
        }

        public Faults(Double serverErrorRate, Double errorInBodyRate, Integer rateLimitEvery, Integer latencyMs, Double lostAddRate,
                      Integer quota, Integer retryAfterSeconds) {
            this(serverErrorRate, errorInBodyRate, rateLimitEvery, latencyMs, lostAddRate, quota, retryAfterSeconds, null, null, null);
        }

        public boolean govpsieShape() {
            return "govpsie".equals(nodeShape);
        }

        public boolean objectAddAnswer() {
            return "object".equals(addAnswer);
        }

        public java.time.Duration countLag() {
            return java.time.Duration.ofSeconds(nodesCountLagSeconds == null ? 0 : nodesCountLagSeconds);
        }

        /** The first out-of-range field, named, or empty when all are acceptable. */
        public Optional<String> problem() {
            for (Map.Entry<String, Double> rate : Map.of("serverErrorRate", or(serverErrorRate), "errorInBodyRate", or(errorInBodyRate),
                    "lostAddRate", or(lostAddRate)).entrySet()) {
                if (rate.getValue() < 0 || rate.getValue() > 1) {
                    return Optional.of(rate.getKey() + ": expected a rate between 0 and 1, got " + rate.getValue());
                }
            }
            if (rateLimitEvery != null && rateLimitEvery < 0 || latencyMs != null && latencyMs < 0 || quota != null && quota < 0
                    || retryAfterSeconds != null && retryAfterSeconds < 0 || nodesCountLagSeconds != null && nodesCountLagSeconds < 0) {
                return Optional.of("rateLimitEvery, latencyMs, quota, retryAfterSeconds, nodesCountLagSeconds: expected 0 or more");
            }
            if (nodeShape != null && !nodeShape.equals("govpsie") && !nodeShape.equals("autoscaler")) {
                return Optional.of("nodeShape: expected \"autoscaler\" or \"govpsie\", got \"" + nodeShape + "\"");
            }
            if (addAnswer != null && !addAnswer.equals("true") && !addAnswer.equals("object")) {
                return Optional.of("addAnswer: expected \"true\" or \"object\", got \"" + addAnswer + "\"");
            }
            return Optional.empty();
        }

        private static double or(Double d) {
            return d == null ? 0 : d;
        }
    }

    /** What the simulator does with one call, decided before it acts. */
    public sealed interface Verdict {
        record Proceed() implements Verdict {
        }

        record RateLimited(int retryAfterSeconds) implements Verdict {
        }

        record ServerError(int status) implements Verdict {
        }

        record ErrorInBody() implements Verdict {
        }
    }

    private final Random random;
    private Faults faults;
    private long calls;
    private final Map<String, Integer> perOperation = new TreeMap<>();

    public SimulatorFaults(FaultsConfig c) {
        this.random = new Random(c.seed());
        this.faults = new Faults(c.serverErrorRate(), c.errorInBodyRate(), c.rateLimitEvery(), c.latencyMs(), c.lostAddRate(),
                c.quota() == 0 ? null : c.quota(), null);
    }

    public synchronized void set(Faults f) {
        faults = f == null ? Faults.NONE : f;
    }

    public synchronized Faults current() {
        return faults;
    }

    /** Counts the call and draws its fault; the caller sleeps {@link #latency()} itself, outside this lock. */
    public synchronized Verdict draw(String operation) {
        calls++;
        perOperation.merge(operation, 1, Integer::sum);
        Faults f = faults;
        if (f.rateLimitEvery() != null && f.rateLimitEvery() > 0 && calls % f.rateLimitEvery() == 0) {
            return new Verdict.RateLimited(f.retryAfterSeconds() == null ? 1 : f.retryAfterSeconds());
        }
        if (f.serverErrorRate() != null && random.nextDouble() < f.serverErrorRate()) {
            int[] statuses = {500, 502, 503};
            return new Verdict.ServerError(statuses[random.nextInt(statuses.length)]);
        }
        if (f.errorInBodyRate() != null && random.nextDouble() < f.errorInBodyRate()) {
            return new Verdict.ErrorInBody();
        }
        return new Verdict.Proceed();
    }

    public synchronized long latency() {
        return faults.latencyMs() == null ? 0 : faults.latencyMs();
    }

    /** Whether this add, already carried out, loses its answer. */
    public synchronized boolean loseAddAnswer() {
        return faults.lostAddRate() != null && random.nextDouble() < faults.lostAddRate();
    }

    /** The account's worker quota, or null for none. */
    public synchronized Integer quota() {
        return faults.quota() == null || faults.quota() == 0 ? null : faults.quota();
    }

    public synchronized Map<String, Integer> callsPerOperation() {
        return new TreeMap<>(perOperation);
    }

    public synchronized void resetCounts() {
        calls = 0;
        perOperation.clear();
    }
}
