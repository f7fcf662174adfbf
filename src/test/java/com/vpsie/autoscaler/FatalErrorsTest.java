package com.vpsie.autoscaler;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An OutOfMemoryError that reaches the top of any thread stops the process; anything else does not. */
class FatalErrorsTest {

    @Test
    void outOfMemoryOnAnyThreadHaltsWithStatus3() throws Exception {
        List<Integer> halted = new ArrayList<>();
        List<Throwable> passedOn = new ArrayList<>();
        Thread.UncaughtExceptionHandler h = FatalErrors.handler((t, e) -> passedOn.add(e), halted::add);

        Thread acceptor = new Thread(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, "nioEventLoopGroup-2-1");
        acceptor.setUncaughtExceptionHandler(h);
        acceptor.start();
        acceptor.join();
        h.uncaughtException(Thread.currentThread(), new IllegalStateException("wrapped", new OutOfMemoryError("Direct buffer memory")));
        h.uncaughtException(Thread.currentThread(), new StackOverflowError());

        assertThat(halted).containsExactly(FatalErrors.STATUS, FatalErrors.STATUS, FatalErrors.STATUS);
        assertThat(passedOn).isEmpty();
    }

    @Test
    void anOrdinaryExceptionIsPassedOnAndTheProcessGoesOn() {
        List<Integer> halted = new ArrayList<>();
        List<Throwable> passedOn = new ArrayList<>();
        Thread.UncaughtExceptionHandler h = FatalErrors.handler((t, e) -> passedOn.add(e), halted::add);

        h.uncaughtException(Thread.currentThread(), new IllegalArgumentException("a bug"));

        assertThat(halted).isEmpty();
        assertThat(passedOn).hasSize(1);
    }
}
