package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.limits.Bounded;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** What one reconcile of one node group did, and why. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(Instant time, String nodeGroup, String trigger, Action action, int fromNodes, int toNodes,
                       int added, int removed, List<String> reasons, @Nullable String error) {

    /** Longest trigger, reason or error kept: decisions are stored (500) and logged, and triggers come from callers. */
    static final int MAX_TEXT = 2_000;
    /** Most reasons kept per decision. */
    static final int MAX_REASONS = 50;

    public Decision {
        trigger = cap(trigger, 200);
        error = cap(error, MAX_TEXT);
        List<String> capped = reasons.stream().limit(MAX_REASONS).map(r -> cap(r, MAX_TEXT)).toList();
        reasons = reasons.size() > MAX_REASONS
                ? java.util.stream.Stream.concat(capped.stream(), java.util.stream.Stream.of("… " + (reasons.size() - MAX_REASONS) + " more")).toList()
                : capped;
    }

    private static String cap(@Nullable String s, int max) {
        return Bounded.text(s, max);
    }

    @Serdeable
    public enum Action {
        /** Nodes were asked of VPSie. */
        SCALE_UP,
        /** Nodes were removed. */
        SCALE_DOWN,
        /** Nothing needed. */
        NONE,
        /** What would be done; nothing was. */
        DRY_RUN,
        /** Another reconcile of this group was running; this trigger was folded into its follow-up. */
        COALESCED,
        /** Could not complete; see error. */
        FAILED
    }
}
