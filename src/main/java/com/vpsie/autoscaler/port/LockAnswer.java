package com.vpsie.autoscaler.port;

/** What taking (or renewing) a lock answered: it is ours now, or someone else holds it. */
public sealed interface LockAnswer permits LockAnswer.Acquired, LockAnswer.HeldBy {
    LockAnswer ACQUIRED = new Acquired();

    static LockAnswer heldBy(String holder) {
        return new HeldBy(holder);
    }

    /** The lock is this caller's until it releases it or it expires. */
    record Acquired() implements LockAnswer {
    }

    /** Someone else holds it: the name other replicas and operators see. */
    record HeldBy(String holder) implements LockAnswer {
    }
}
