package com.vpsie.autoscaler;

import java.util.function.IntConsumer;

/**
 * Out of memory (or any error of the virtual machine itself) that reaches the top of a thread ends
 * the process at once, however it was started: {@code bin/vpsie-autoscaler} passes
 * {@code -XX:+ExitOnOutOfMemoryError}, but a plain {@code java -jar} or the native executable does
 * not, and there an OutOfMemoryError that killed Netty's acceptor left the process alive and deaf,
 * {@code /health} timing out for ever. A process that stops is restarted by its Deployment,
 * Knative or Lambda; one that limps is not.
 */
final class FatalErrors {
    /** The exit status: what {@code -XX:+ExitOnOutOfMemoryError} uses. */
    static final int STATUS = 3;

    private FatalErrors() {
    }

    /** Installs the handler for every thread without one of its own. */
    static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(handler(previous, status -> Runtime.getRuntime().halt(status)));
    }

    /** Halts on a VirtualMachineError anywhere in the chain; hands anything else to {@code previous} (or prints it, as Java does). */
    static Thread.UncaughtExceptionHandler handler(Thread.UncaughtExceptionHandler previous, IntConsumer halt) {
        return (thread, e) -> {
            if (fatal(e)) {
                // No logger: it may need memory there is none of. One line, then stop.
                System.err.println("vpsie-autoscaler: " + e.getClass().getSimpleName() + " in thread " + thread.getName()
                        + "; stopping so that the process is restarted");
                halt.accept(STATUS);
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        };
    }

    static boolean fatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirtualMachineError) {
                return true;
            }
        }
        return false;
    }
}
