package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.config.LimitsConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Deadlines on what a client sends, as the Kubernetes API server (ReadHeaderTimeout) and Envoy
 * ({@code request_headers_timeout}, {@code request_timeout}) set them: a connection must deliver a
 * request's headers within {@code autoscaler.http.headers-timeout} of opening or of its previous
 * answer (an idle keep-alive connection ends the same way), and the rest of the request, its body,
 * within {@code autoscaler.http.body-timeout} of its headers, at no less than
 * {@code autoscaler.http.body-min-rate} bytes a second over each 10 s (Apache's mod_reqtimeout
 * MinRate). Past any of them the connection is closed:
 * a client that sends nothing, half its headers or half a body, even a byte at a time, holds no
 * connection, buffer or thread for longer. The framework's own idle timeouts reset with every byte
 * and close nothing on a read timeout, so they cannot do this.
 * Only where Netty serves (the Deployment, Knative, the native image): behind API Gateway the
 * Lambda artifact has no Netty server, and the gateway holds the connections.
 */
@Singleton
@Context
@Requires(classes = NettyServerCustomizer.class)
public class RequestDeadlines implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    /** The body's rate is measured over windows this long. */
    static final long RATE_WINDOW_SECONDS = 10;

    private final long headersMillis;
    private final long bodyMillis;
    private final long minRate;

    public RequestDeadlines(LimitsConfig.Http limits) {
        this.headersMillis = limits.headersTimeout().toMillis();
        this.bodyMillis = limits.bodyTimeout().toMillis();
        this.minRate = limits.bodyMinRate();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    private final class Customizer implements NettyServerCustomizer {
        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "request-deadlines", new Watch());
            }
        }
    }

    /** Where a connection stands: waiting for a request's headers, receiving its body, or being answered. */
    private enum Phase { HEADERS, BODY, ANSWERING }

    /**
     * One connection's clock. The codec hands a request over as its headers, its body's chunks and
     * an end (a GET's end comes right after its headers, possibly after the answer has begun), so
     * the phase moves on those, and an answer that ends before the body does waits for the body's end.
     */
    private final class Watch extends ChannelDuplexHandler {
        private ScheduledFuture<?> timer;
        private ScheduledFuture<?> rate;
        private Phase phase = Phase.HEADERS;
        private boolean answered;
        private long bodyBytes;
        /** Requests read and not yet answered: a pipelining client may send the next before the last is answered. */
        private int unanswered;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            waitForHeaders(ctx, "its request headers");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                disarm();
                stopRate();
                answered = false;
                unanswered++;
                if (msg instanceof LastHttpContent) {
                    phase = Phase.ANSWERING;
                } else {
                    phase = Phase.BODY;
                    bodyBytes = 0;
                    arm(ctx, bodyMillis, "the rest of its request body");
                    watchRate(ctx);
                }
            } else if (msg instanceof HttpContent content && phase == Phase.BODY) {
                bodyBytes += content.content().readableBytes();
                if (msg instanceof LastHttpContent) {
                    disarm();
                    stopRate();
                    if (answered) {
                        waitForHeaders(ctx, "the headers of another request");
                    } else {
                        phase = Phase.ANSWERING;
                    }
                }
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            boolean ends = msg instanceof LastHttpContent;
            super.write(ctx, msg, promise);
            if (ends) {
                unanswered = Math.max(0, unanswered - 1);
                if (phase == Phase.BODY) {
                    // Answered before the body ended (a refusal): the body's deadline still runs.
                    answered = true;
                } else if (unanswered == 0) {
                    waitForHeaders(ctx, "the headers of another request");
                }
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            disarm();
            stopRate();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            stopRate();
            super.channelInactive(ctx);
        }

        private void waitForHeaders(ChannelHandlerContext ctx, String what) {
            phase = Phase.HEADERS;
            arm(ctx, headersMillis, what);
        }

        private void arm(ChannelHandlerContext ctx, long millis, String waitingFor) {
            disarm();
            if (millis > 0) {
                timer = ctx.executor().schedule(() -> close(ctx, waitingFor + " did not come within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
            }
        }

        /** Every window of the body, at least minRate bytes a second must have come: a trickle holds nothing for long. */
        private void watchRate(ChannelHandlerContext ctx) {
            stopRate();
            if (minRate <= 0) {
                return;
            }
            long[] seen = {0};
            rate = ctx.executor().scheduleAtFixedRate(() -> {
                if (phase != Phase.BODY) {
                    return;
                }
                long got = bodyBytes - seen[0];
                seen[0] = bodyBytes;
                if (got < minRate * RATE_WINDOW_SECONDS) {
                    close(ctx, "its body came at " + got / RATE_WINDOW_SECONDS + " bytes/s, under autoscaler.http.body-min-rate (" + minRate + ")");
                }
            }, RATE_WINDOW_SECONDS, RATE_WINDOW_SECONDS, TimeUnit.SECONDS);
        }

        private void close(ChannelHandlerContext ctx, String why) {
            LOG.debug("closing the connection from {}: {}", ctx.channel().remoteAddress(), why);
            disarm();
            stopRate();
            ctx.close();
        }

        private void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void stopRate() {
            if (rate != null) {
                rate.cancel(false);
                rate = null;
            }
        }
    }
}
