package com.vpsie.autoscaler.limits;

/** Text that callers or peers hand us, cut before it is kept, logged or answered. */
public final class Bounded {
    private Bounded() {
    }

    /** {@code s} cut to {@code max} characters, saying how much was cut; null stays null. */
    public static String text(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "… (" + (s.length() - max) + " more characters)";
    }
}
