package com.vpsie.autoscaler.scenario;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what is read and stops at the limit, so an endless body costs at most the limit; and so for one object. */
final class CountedBody extends FilterInputStream {
    private final long limit;
    private long count;
    private long objectStart = -1;

    CountedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** From here (give or take the parser's read-ahead) one object is read, until the next or {@link #objectEnds}. */
    void objectStarts() {
        objectStart = count;
    }

    void objectEnds() {
        objectStart = -1;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, (int) Math.min(len, limit + 1 - count));
        if (n > 0) {
            add(n);
        }
        return n;
    }

    private void add(int n) {
        count += n;
        if (count > limit) {
            throw ScenarioStream.TooLarge.body(limit);
        }
        if (objectStart >= 0 && count - objectStart > ScenarioStream.MAX_OBJECT) {
            throw new ObjectTooLarge();
        }
    }
}
