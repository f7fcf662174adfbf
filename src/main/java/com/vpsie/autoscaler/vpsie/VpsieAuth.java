package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.config.VpsieConfig;
import com.vpsie.autoscaler.port.VpsiePort.Failure;
import com.vpsie.autoscaler.port.VpsiePort.VpsieException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The access token every call carries. A long-lived API token is used as given; otherwise the
 * client logs in with its id and secret, in either body encoding VPSie's tools use, understands
 * either answer, and logs in again 5 minutes before the token expires or when VPSie says 401.
 * Credentials and tokens never reach a log line or an exception message.
 */
@Singleton
public class VpsieAuth {
    private static final Logger LOG = LoggerFactory.getLogger(VpsieAuth.class);
    private static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

    private final VpsieConfig config;
    private final VpsieTransport transport;
    private final JsonMapper json;
    private final Clock clock;
    private String accessToken;
    private Instant accessExpires = Instant.MIN;

    public VpsieAuth(VpsieConfig config, VpsieTransport transport, JsonMapper json, Clock clock) {
        this.config = config;
        this.transport = transport;
        this.json = json;
        this.clock = clock;
    }

    /** Client id, secret and token: from a mounted Secret's files when {@code vpsie.credentials-dir} is set, else configuration. */
    private record Credentials(String clientId, String clientSecret, String token) {
        @Override
        public String toString() {
            return "Credentials{clientId=" + clientId + "}";
        }
    }

    private Credentials credentials() {
        String dir = config.credentialsDir();
        if (dir != null && !dir.isBlank()) {
            return new Credentials(file(dir, "client-id", file(dir, "clientId", config.clientId())),
                    file(dir, "client-secret", file(dir, "clientSecret", config.clientSecret())), file(dir, "token", config.token()));
        }
        return new Credentials(config.clientId(), config.clientSecret(), config.token());
    }

    /**
     * The header a token travels in: VPSie's autoscaler sends its login token as a bearer token;
     * VPSie's Terraform provider and cloud-controller manager send a long-lived API token as
     * {@code Vpsie-Auth}. {@code vpsie.auth-header} overrides both.
     */
    public boolean bearer() {
        String header = config.authHeader();
        if ("bearer".equalsIgnoreCase(header)) {
            return true;
        }
        return !"vpsie-auth".equalsIgnoreCase(header) && refreshable();
    }

    static String file(String dir, String key, String fallback) {
        Path p = Path.of(dir, key);
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8).trim() : fallback;
        } catch (IOException e) {
            throw new UncheckedIOException("vpsie.credentials-dir: cannot read " + p, e);
        }
    }

    /** Whether a 401 can be cured by logging in again (not with a fixed API token). */
    public boolean refreshable() {
        Credentials c = credentials();
        return c.token() == null || c.token().isBlank();
    }

    public synchronized String token() {
        Credentials c = credentials();
        if (c.token() != null && !c.token().isBlank()) {
            return c.token();
        }
        if (accessToken != null && clock.instant().isBefore(accessExpires.minus(REFRESH_AHEAD))) {
            return accessToken;
        }
        if (c.clientId() == null || c.clientId().isBlank() || c.clientSecret() == null || c.clientSecret().isBlank()) {
            throw new VpsieException("VPSie credentials missing: set vpsie.client-id and vpsie.client-secret (VPSIE_CLIENT_ID,"
                    + " VPSIE_CLIENT_SECRET), vpsie.token, or vpsie.credentials-dir", 0, Failure.AUTH);
        }
        login(c);
        return accessToken;
    }

    /** Forgets the access token, so the next call logs in again. */
    public synchronized void invalidate() {
        accessToken = null;
        accessExpires = Instant.MIN;
    }

    private void login(Credentials c) {
        boolean form = "form".equalsIgnoreCase(config.loginEncoding());
        VpsieTransport.Answer answer;
        try {
            answer = transport.call("login", VpsieTransport.Retry.ANY_TRANSIENT, ignored -> form
                    ? HttpRequest.POST(transport.url("/auth/from/api"), "clientId=" + enc(c.clientId()) + "&clientSecret=" + enc(c.clientSecret()))
                            .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                    : HttpRequest.POST(transport.url("/auth/from/api"), new VpsieWire.LoginRequest(c.clientId(), c.clientSecret())),
                    null, () -> { });
        } catch (VpsieException e) {
            throw new VpsieException(e.failure() == Failure.AUTH || e.failure() == Failure.REJECTED
                    ? "VPSie login refused for client id " + c.clientId() + ": " + e.getMessage() : e.getMessage(), e.status(),
                    e.failure() == Failure.REJECTED ? Failure.AUTH : e.failure());
        }
        VpsieWire.TokenPart access;
        try {
            VpsieWire.LoginResponse r = json.readValue(answer.body(), VpsieWire.LoginResponse.class);
            // JSON encoding: token.access; form encoding: accessToken.
            access = r.token() != null && r.token().access() != null ? r.token().access() : r.accessToken();
        } catch (IOException e) {
            access = null;
        }
        if (access == null || access.token() == null || access.token().isBlank()) {
            throw new VpsieException("VPSie login answered without an access token" + VpsieTransport.suffix(answer.requestId()),
                    answer.status(), Failure.AUTH);
        }
        accessToken = access.token();
        accessExpires = expiry(access.expires());
        LOG.info("logged in to VPSie as client {}; token valid until {}", c.clientId(), accessExpires);
    }

    private Instant expiry(String expires) {
        if (expires != null) {
            try {
                return OffsetDateTime.parse(expires).toInstant();
            } catch (DateTimeParseException e) {
                LOG.warn("VPSie token expiry '{}' is not RFC 3339; assuming one hour", expires);
            }
        }
        return clock.instant().plus(DEFAULT_TOKEN_LIFETIME);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
