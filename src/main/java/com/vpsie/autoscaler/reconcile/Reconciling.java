package com.vpsie.autoscaler.reconcile;

import java.util.Collection;
import java.util.List;

/** What a trigger asks for: look at these groups again and act. */
public interface Reconciling {
    /** Reconciles each named group (coalescing with runs already in progress) and returns what each did. */
    List<Decision> reconcile(Collection<String> groups, String trigger);
}
