package com.vpsie.autoscaler.scenario;

/** One object went past {@link ScenarioStream#MAX_OBJECT}; nothing after it was read. */
final class ObjectTooLarge extends RuntimeException {
    ObjectTooLarge() {
        super(null, null, false, false);
    }
}
