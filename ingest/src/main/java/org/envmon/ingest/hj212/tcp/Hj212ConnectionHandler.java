package org.envmon.ingest.hj212.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.hj212.Hj212Answers;
import org.envmon.ingest.hj212.Hj212Frame;
import org.envmon.ingest.hj212.Hj212FramingError;
import org.envmon.ingest.hj212.Hj212Packet;
import org.envmon.ingest.hj212.Hj212ParseException;
import org.envmon.ingest.hj212.Hj212Parser;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.TopicScheme;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.transport.ChannelAdmission;
import org.envmon.ingest.transport.ClientCertificates;
import org.envmon.ingest.transport.PeerAddress;
import org.envmon.ingest.transport.PeerFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One station's TCP connection. Each frame becomes an ingest request; when its A bit is set the
 * 9014 answer is written only after the request is durable, in arrival order. Garbage and refused
 * frames are quarantined and the connection keeps working; a failed write closes it unanswered.
 */
final class Hj212ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Hj212ConnectionHandler.class);
    /**
     * Refusals that get no 9014: the frame may be corrupt, or the station may not send; it keeps the
     * data and resends, which succeeds once the cause is fixed. Content problems (an unknown factor,
     * a bad value) are quarantined and answered, as resending would not change them.
     */
    private static final Set<RejectReason> NOT_ANSWERED = EnumSet.of(
            RejectReason.HJ212_CRC_MISMATCH,
            RejectReason.HJ212_MALFORMED,
            RejectReason.HJ212_PASSWORD_MISMATCH,
            RejectReason.HJ212_PASSWORD_UNSET,
            RejectReason.UNKNOWN_STATION,
            RejectReason.STATION_INACTIVE,
            RejectReason.MN_MISMATCH);

    private static final Set<RejectReason> NOT_CHARGED = EnumSet.of(
            RejectReason.HJ212_CRC_MISMATCH,
            RejectReason.HJ212_MALFORMED,
            RejectReason.HJ212_PASSWORD_MISMATCH,
            RejectReason.HJ212_PASSWORD_UNSET,
            RejectReason.MN_MISMATCH);

    /** How long a connection being closed waits to answer what it already handed to storage. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);

    private final Hj212Services services;
    private ChannelHandlerContext ctx;
    private ChannelAdmission admission;
    /** Closes a connection that sends no complete frame in time (slowloris: trickling bytes resets no idle timer). */
    private ScheduledFuture<?> firstFrameDeadline;
    /** The MN of the connection's first frame; later frames must name it (hj212.oneStationPerConnection). */
    private String boundMn;
    /** The station the client certificate names (tls.clientCertificateLogin); read at the first frame. */
    private Optional<String> certificateStation;
    /** The source address, as the PW throttle keys it. */
    private String peer;

    Hj212ConnectionHandler(Hj212Services services) {
        this.services = services;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.peer = PeerAddress.of(ctx.channel());
        this.admission = new ChannelAdmission(
                ctx.channel(),
                services.queue(),
                services.metrics(),
                services.readingAllowed(),
                services.config().maxInFlight(),
                () -> {});
        services.metrics().connectionOpened(Transport.HJ212_TCP);
        long deadline = services.config().firstFrameTimeout().toMillis();
        firstFrameDeadline = ctx.executor()
                .schedule(
                        () -> {
                            log.debug(
                                    "No HJ 212 frame from {} within {} ms; closing",
                                    ctx.channel().remoteAddress(),
                                    deadline);
                            services.metrics().firstFrameMissed(Transport.HJ212_TCP);
                            ctx.close();
                        },
                        deadline,
                        TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        services.metrics().connectionClosed(Transport.HJ212_TCP);
        if (firstFrameDeadline != null) {
            firstFrameDeadline.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (admission.isClosing()) {
                return;
            }
            if (msg instanceof Hj212Frame frame) {
                firstFrameDeadline.cancel(false);
                onFrame(frame);
            } else if (msg instanceof Hj212FramingError error) {
                services.metrics().messageReceived(Transport.HJ212_TCP, "hj212");
                record(RejectReason.HJ212_FRAMING, error.reason(), null, error.raw());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onFrame(Hj212Frame frame) {
        services.metrics().messageReceived(Transport.HJ212_TCP, "hj212");
        Hj212Packet packet;
        try {
            packet = Hj212Parser.parse(frame.segmentText());
        } catch (Hj212ParseException e) {
            record(RejectReason.HJ212_MALFORMED, e.getMessage(), null, frame.raw());
            return;
        }
        String mn = packet.mn();
        if (TopicScheme.isValidStationCode(mn) && services.passwordThrottle().isBlocked(peer, mn)) {
            // Counted, not recorded: a guesser must not turn into a stream of rows. The wrong PW that
            // started the block was recorded.
            services.metrics().connectionRefused(Transport.HJ212_TCP, "login_throttled");
            log.debug(
                    "Closing {}: too many wrong PWs for station {} from there",
                    ctx.channel().remoteAddress(),
                    mn);
            ctx.close();
            return;
        }
        if (certificateStation == null) {
            certificateStation =
                    services.certificateLogin() ? ClientCertificates.commonName(ctx.channel()) : Optional.empty();
        }
        Optional<String> expected = certificateStation.or(() -> Optional.ofNullable(boundMn));
        if (boundMn == null && services.config().oneStationPerConnection()) {
            boundMn = mn;
        }
        MessageOrigin origin = origin();
        if (expected.isPresent() && !expected.get().equals(mn)) {
            admitCharged(
                    packet,
                    frame,
                    services.requests()
                            .foreign(
                                    origin,
                                    frame,
                                    packet,
                                    expected.get(),
                                    outcome -> ctx.channel().eventLoop().execute(() -> onStored(packet, outcome))));
            return;
        }
        boolean passwordRequired = services.config().requirePassword() && certificateStation.isEmpty();
        admission.awaitThen(
                services.resolver().resolve(mn),
                resolution -> onResolved(origin, frame, packet, passwordRequired, resolution));
    }

    /** The frame's station is known now: the frame is decoded (once) with its settings. */
    private void onResolved(
            MessageOrigin origin,
            Hj212Frame frame,
            Hj212Packet packet,
            boolean passwordRequired,
            StationResolution resolution) {
        if (!ctx.channel().isActive()) {
            return;
        }
        Consumer<WriteOutcome> onDone = outcome -> ctx.channel().eventLoop().execute(() -> onStored(packet, outcome));
        IngestRequest request;
        if (resolution instanceof StationResolution.Active station) {
            request = services.requests().frame(origin, station, frame, packet, passwordRequired, onDone);
        } else if (resolution instanceof StationResolution.Refused refused) {
            request = IngestRequest.rejected(
                    origin,
                    List.of(Rejection.of(
                            origin,
                            refused.code(),
                            refused.reason(),
                            refused.detail(),
                            frame.raw(),
                            services.rawLimit())),
                    onDone);
        } else {
            services.metrics().stationUnresolved(Transport.HJ212_TCP);
            log.warn(
                    "Cannot look up HJ 212 station {} ({}); closing {} without answer, so it sends the frame again",
                    packet.mn(),
                    ((StationResolution.Unavailable) resolution).cause(),
                    ctx.channel().remoteAddress());
            closeAfterAnswers();
            return;
        }
        String mn = packet.mn();
        if (hasReason(request, RejectReason.HJ212_PASSWORD_MISMATCH)
                && services.passwordThrottle().attempt(peer, mn) != LoginThrottle.Verdict.COUNTED) {
            log.warn(
                    "Too many wrong PWs for HJ 212 station {} from {}: its frames from there are refused unchecked"
                            + " for up to a minute (limits.failedLoginsPerMinute)",
                    mn,
                    peer);
        }
        boolean refused = request.rejections().stream().anyMatch(r -> NOT_ANSWERED.contains(r.reason()));
        if (services.answers().answersWithTime(packet)
                && resolution instanceof StationResolution.Active station
                && !refused) {
            ZoneId zone = station.profile().zone();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(
                    Hj212Answers.setTime(packet, services.clock().instant(), zone)));
        }
        admitCharged(packet, frame, request);
    }

    /** Admits the request once the station's message rate allows it; else closes the connection unanswered. */
    private void admitCharged(Hj212Packet packet, Hj212Frame frame, IngestRequest request) {
        String mn = packet.mn();
        // Codes that cannot be stations are not charged: the limiter's table would only fill up.
        if (TopicScheme.isValidStationCode(mn)
                && chargesStation(request)
                && !services.rateLimiter().tryAcquire(mn)) {
            // No 9014 answer: the station keeps the frame and resends it after reconnecting.
            record(
                    RejectReason.RATE_LIMITED,
                    "station '" + mn + "' over limits.stationMessagesPerSecond; frame not"
                            + " answered, connection closed",
                    mn,
                    frame.raw());
            closeAfterAnswers();
            return;
        }
        admission.admit(request);
    }

    /** Closes the connection once the frames already handed to storage are answered (or after a limit). */
    private void closeAfterAnswers() {
        admission.closeWhenSettled(
                () -> ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE), SETTLE_LIMIT);
    }

    private static boolean hasReason(IngestRequest request, RejectReason reason) {
        return request.rejections().stream().anyMatch(rejection -> rejection.reason() == reason);
    }

    /**
     * Only frames that may be the station's own use up its message rate: one that failed its PW, CRC
     * or MN check could come from anyone who knows the MN, and must not silence the real station.
     */
    private static boolean chargesStation(IngestRequest request) {
        return request.rejections().stream().noneMatch(rejection -> NOT_CHARGED.contains(rejection.reason()));
    }

    private void onStored(Hj212Packet packet, WriteOutcome outcome) {
        admission.completed();
        if (!outcome.committed()) {
            log.warn("Write failed for station {}; closing without 9014 so it resends", packet.mn());
            ctx.close();
            return;
        }
        boolean refused = outcome.rejected().stream().anyMatch(NOT_ANSWERED::contains);
        if (services.answers().answersWithDataAnswer(packet)
                && !refused
                && ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(Hj212Answers.dataAnswer(packet)));
        }
    }

    /** Quarantines what could not be read; dropped (and logged) if the queue is full. No answer is sent. */
    private void record(RejectReason reason, String detail, String stationCode, byte[] raw) {
        MessageOrigin origin = origin();
        Rejection rejection = Rejection.of(origin, stationCode, reason, detail, raw, services.rawLimit());
        if (!services.queue().tryRecord(rejection)) {
            log.warn(
                    "Ingest queue full; not recording rejection {} from {}: {}",
                    reason.code(),
                    ctx.channel().remoteAddress(),
                    detail);
        }
    }

    private MessageOrigin origin() {
        return new MessageOrigin(
                Transport.HJ212_TCP,
                String.valueOf(ctx.channel().remoteAddress()),
                null,
                services.clock().instant());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (!admission.isPaused()) {
                log.debug("Closing idle HJ 212 connection {}", ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (PeerFaults.isTls(cause)) {
            services.metrics().tlsFailed(Transport.HJ212_TCP);
            log.info("TLS failed with {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (PeerFaults.isNetwork(cause)) {
            // The peer went away (reset, broken pipe): normal on a network, not worth more than a debug line.
            log.debug("HJ 212 connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            services.metrics().handlerFailed(Transport.HJ212_TCP, cause);
            log.warn(
                    "Closing HJ 212 connection {} after an unexpected error",
                    ctx.channel().remoteAddress(),
                    cause);
        }
        ctx.close();
    }
}
