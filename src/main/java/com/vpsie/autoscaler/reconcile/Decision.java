package com.vpsie.autoscaler.reconcile;

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
