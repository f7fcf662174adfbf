package com.vpsie.autoscaler.capacity;

/** What one drain rule, or the whole chain, says of one pod. */
public sealed interface Drainability permits Drainability.Move, Drainability.Skip, Drainability.Block, Drainability.Undecided {
    Drainability MOVE = new Move();
    Drainability SKIP = new Skip();
    Drainability UNDECIDED = new Undecided();

    /** The pod must be evicted and placed elsewhere before its node goes. */
    record Move() implements Drainability {
    }

    /** The pod goes with its node and needs no place elsewhere (DaemonSet, mirror, finished). */
    record Skip() implements Drainability {
    }

    /** The pod keeps its node. */
    record Block(Blocker blocker) implements Drainability {
    }

    /** This rule has no say; the next one decides. */
    record Undecided() implements Drainability {
    }
}
