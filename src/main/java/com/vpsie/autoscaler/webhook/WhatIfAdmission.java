package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.config.LimitsConfig;
import com.vpsie.autoscaler.scenario.KeptBudget;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.util.concurrent.Semaphore;

/**
 * What-ifs admitted together: at most {@code autoscaler.plan.max-concurrent} at once (the rest are
 * answered 429 with Retry-After, as the Kubernetes API server answers past its max-in-flight), and
 * one memory budget for all of them ({@link KeptBudget}: past it, 503 with Retry-After). A what-if
 * is the only route whose cost grows with its body; nothing else is held back by them.
 */
@Singleton
public class WhatIfAdmission {
    static final long RETRY_AFTER_SECONDS = 2;

    private final int max;
    private final Semaphore slots;
    private final KeptBudget budget;

    public WhatIfAdmission(LimitsConfig.WhatIf limits) {
        this.max = limits.maxConcurrent();
        this.slots = new Semaphore(max);
        this.budget = new KeptBudget(limits.maxKept());
    }

    /** Admits one what-if, or refuses it (429) when {@code max-concurrent} are in progress. Close the ticket when answered. */
    public Ticket enter() {
        if (!slots.tryAcquire()) {
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, null, "at most " + max
                    + " what-ifs are planned at once here (autoscaler.plan.max-concurrent) and that many are in progress; try again in "
                    + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
        }
        return new Ticket(budget.share());
    }

    /** What the budget's refusal becomes: the body may be fine, the server is busy with others. */
    static ProblemException busy(KeptBudget.Exhausted e) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "body", e.getMessage(), RETRY_AFTER_SECONDS);
    }

    /** One admitted what-if: its part of the memory budget, and its slot. */
    public final class Ticket implements AutoCloseable {
        private final KeptBudget.Share share;
        private boolean closed;

        private Ticket(KeptBudget.Share share) {
            this.share = share;
        }

        public KeptBudget.Share share() {
            return share;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                share.close();
                slots.release();
            }
        }
    }
}
