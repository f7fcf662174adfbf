package com.vpsie.autoscaler.scenario;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all what-ifs in progress may keep together, about ({@link KeptText}'s count): one
 * budget for the process, not one per request, so eight large bodies at once cannot each take a
 * third of the heap. Each what-if draws a {@link Share} as its view grows and gives it back when
 * its answer is made.
 */
public final class KeptBudget {
    /** Drawn in steps this large, so that tens of thousands of pods do not each touch the shared count. */
    static final long STEP = 256 * 1024;

    private final long total;
    private final AtomicLong used = new AtomicLong();

    public KeptBudget(long total) {
        this.total = total;
    }

    public long total() {
        return total;
    }

    /** What all shares hold now. */
    public long used() {
        return used.get();
    }

    public Share share() {
        return new Share();
    }

    /** The budget is spoken for by other what-ifs in progress: try again once they are answered. */
    public static final class Exhausted extends RuntimeException {
        Exhausted(long total, long used) {
            super("body: the what-ifs in progress keep " + (used >> 20) + " MiB of the " + (total >> 20)
                    + " MiB all what-ifs may keep together (autoscaler.plan.max-kept-share of the heap); try again once they are answered",
                    null, false, false);
        }
    }

    /** One what-if's part of the budget; closing it gives the part back. */
    public final class Share implements AutoCloseable {
        private long held;

        /** Makes sure at least {@code kept} bytes are held for this what-if, or throws {@link Exhausted}. */
        void cover(long kept) {
            while (kept > held) {
                long needed = kept - held;
                long now = used.get();
                if (now + needed > total) {
                    throw new Exhausted(total, now);
                }
                // A whole step when the budget has it, else just what is needed.
                long step = Math.max(needed, Math.min(STEP, total - now));
                if (used.compareAndSet(now, now + step)) {
                    held += step;
                }
            }
        }

        /** What this share holds now. */
        public long held() {
            return held;
        }

        @Override
        public void close() {
            used.addAndGet(-held);
            held = 0;
        }
    }
}
