package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines on what a client sends, as the Kubernetes API server (ReadHeaderTimeout) and Envoy
 * ({@code request_headers_timeout}, {@code request_timeout}) set them: a connection must deliver a
 * request's headers within {@code autoscaler.http.headers-timeout} of opening or of its previous
 * answer (an idle keep-alive connection ends the same way), and the rest of the request, its body,
 * within {@code autoscaler.http.body-timeout} of its headers. Past either the connection is closed:
 * a client that sends nothing, half its headers or half a body, even a byte at a time, holds no
 * connection, buffer or thread for longer. The framework's own idle timeouts reset with every byte
 * and close nothing on a read timeout, so they cannot do this.
 */
@Singleton
@Context
public class RequestDeadlines implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    private final long headersMillis;
    private final long bodyMillis;

    public RequestDeadlines(LimitsConfig.Http limits) {
        this.headersMillis = limits.headersTimeout().toMillis();
        this.bodyMillis = limits.bodyTimeout().toMillis();
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

    /** One connection's clock: armed while waiting for headers or a body, disarmed while the request is being answered. */
    private final class Watch extends ChannelDuplexHandler {
        private ScheduledFuture<?> timer;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx, headersMillis, "its request headers");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                disarm();
                if (!(msg instanceof LastHttpContent)) {
                    arm(ctx, bodyMillis, "the rest of its request body");
                }
            } else if (msg instanceof LastHttpContent) {
                disarm();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            boolean ends = msg instanceof LastHttpContent;
            if (msg instanceof HttpResponse) {
                // An answer before the body has come (a refusal): the body's clock stops with it.
                disarm();
            }
            super.write(ctx, msg, promise);
            if (ends) {
                // The next request's headers, or the connection idles out.
                arm(ctx, headersMillis, "the headers of another request");
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            disarm();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            super.channelInactive(ctx);
        }

        private void arm(ChannelHandlerContext ctx, long millis, String waitingFor) {
            disarm();
            if (millis > 0) {
                timer = ctx.executor().schedule(() -> {
                    LOG.debug("closing the connection from {}: {} did not come within {} ms", ctx.channel().remoteAddress(), waitingFor, millis);
                    ctx.close();
                }, millis, TimeUnit.MILLISECONDS);
            }
        }

        private void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    static Duration check(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(key + ": expected a duration from 1ms to 1h such as 10s, got " + d);
        }
        return d;
    }
}
