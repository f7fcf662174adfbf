package com.vpsie.autoscaler.webhook;

import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key}: the first request with a key acts and its answer is kept; later ones with
 * the same key and body get that answer again without acting, even while the first is still
 * running. The same key with a different body is a client mistake (409). Kept 24 h, at most 10,000
 * keys of at most 200 characters, in this instance. Only a SHA-256 digest of each body is kept, so
 * the store is bounded in bytes whatever the bodies are (about 10,000 × (key + 32 B + one answer)).
 */
@Singleton
public class IdempotencyStore {
    private static final Duration KEEP = Duration.ofHours(24);
    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static final int MAX_KEY_LENGTH = 200;

    private record Entry(byte[] digest, Instant at, CompletableFuture<Object> answer) {
    }

    public IdempotencyStore(Clock clock) {
        this.clock = clock;
    }

    @SuppressWarnings("unchecked")
    public <T> T once(String key, byte[] body, Supplier<T> action) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "Idempotency-Key", "expected at most " + MAX_KEY_LENGTH
                    + " characters, got " + key.length());
        }
        Entry mine = new Entry(digest(body), clock.instant(), new CompletableFuture<>());
        Entry existing;
        synchronized (entries) {
            evict();
            existing = entries.putIfAbsent(key, mine);
        }
        if (existing != null) {
            if (!java.security.MessageDigest.isEqual(existing.digest(), mine.digest())) {
                throw new ProblemException(HttpStatus.CONFLICT, "Idempotency-Key",
                        "key '" + key + "' was already used with a different request body");
            }
            try {
                return (T) existing.answer().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the first request with this key", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        try {
            T answer = action.get();
            mine.answer().complete(answer);
            return answer;
        } catch (RuntimeException e) {
            // A refused request did not act: forget the key so the corrected request can use it.
            synchronized (entries) {
                entries.remove(key, mine);
            }
            mine.answer().completeExceptionally(e);
            throw e;
        }
    }

    private static byte[] digest(byte[] body) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private void evict() {
        Instant oldest = clock.instant().minus(KEEP);
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (entries.size() > MAX_KEYS || e.at().isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
