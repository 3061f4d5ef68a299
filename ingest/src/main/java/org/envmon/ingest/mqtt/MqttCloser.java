package org.envmon.ingest.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.transport.ChannelAdmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every way the server ends one MQTT connection: a refused CONNECT, a malformed packet, a protocol error, a
 * limit. MQTT 5 clients are told the reason; refusals without a payload to keep are recorded. Used on the
 * connection's event loop only.
 */
final class MqttCloser {
    private static final Logger log = LoggerFactory.getLogger(MqttCloser.class);

    /** How long a connection being closed waits for the outcomes of what it admitted. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);

    private final ChannelHandlerContext ctx;
    private final MqttSession session;
    private final MqttServices services;
    private final Supplier<ChannelAdmission> admission;

    /** @param admission the connection's admission, null until its CONNECT was accepted */
    MqttCloser(
            ChannelHandlerContext ctx,
            MqttSession session,
            MqttServices services,
            Supplier<ChannelAdmission> admission) {
        this.ctx = ctx;
        this.session = session;
        this.services = services;
        this.admission = admission;
    }

    /** A packet the decoder could not read: refused CONNECT, or a recorded rejection and a disconnect. */
    void malformed(MqttMessage message) {
        Throwable cause = message.decoderResult().cause();
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            log.info("Refused CONNECT from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
            ctx.writeAndFlush(MqttReplies.connRefused(
                            MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (cause instanceof MqttIdentifierRejectedException) {
            boolean v5 = message.variableHeader() instanceof MqttConnectVariableHeader header
                    && MqttConnectionHandler.isV5(header);
            ctx.writeAndFlush(MqttReplies.connRefused(ConnectValidator.identifierRejected(v5)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        MalformedPacket malformed = MalformedPacket.of(cause, services.config().maxPacketSize());
        recordRejection(session.clientId(), malformed.reason(), malformed.detail());
        if (!session.isConnected()) {
            ctx.close();
            return;
        }
        disconnect(malformed.disconnectReason(), malformed.detail());
    }

    /** Refuses a CONNECT whose login failed; a throttled one is counted, not recorded. */
    void loginRefused(String clientId, AuthResult.Denied denied, boolean v5) {
        if (denied.reason() == RejectReason.AUTH_THROTTLED) {
            // A guessing client must not turn into a stream of rows; the refusal that started the block was recorded.
            services.metrics().connectionRefused(Transport.MQTT, "login_throttled");
            log.debug("Refused CONNECT from {}: {}", ctx.channel().remoteAddress(), denied.detail());
        } else {
            log.info(
                    "Refused CONNECT from {} (client id '{}'): {}",
                    ctx.channel().remoteAddress(),
                    clientId,
                    denied.detail());
            recordRejection(clientId, denied.reason(), denied.detail());
        }
        ctx.writeAndFlush(MqttReplies.connRefused(MqttReplies.refusalCode(denied.reason(), v5)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Records a refusal that has no payload to keep; dropped (and logged) if the queue is full. */
    void recordRejection(String clientId, RejectReason reason, String detail) {
        MessageOrigin origin = new MessageOrigin(
                Transport.MQTT, clientId, null, services.clock().instant());
        byte[] remote = String.valueOf(ctx.channel().remoteAddress()).getBytes(StandardCharsets.UTF_8);
        Rejection rejection = new Rejection(
                origin, null, reason, detail + " (from " + ctx.channel().remoteAddress() + ")", remote, remote.length);
        if (!services.queue().tryRecord(rejection)) {
            log.warn("Ingest queue full; not recording rejection {}: {}", reason.code(), detail);
        }
    }

    void protocolError(String reason) {
        disconnect(MqttReasonCodes.Disconnect.PROTOCOL_ERROR.byteValue(), reason);
    }

    /**
     * Ends {@code previous}, whose client connected again on another connection (MQTT 3.1.1 §3.1.4,
     * MQTT 5 §3.1.4-3): MQTT 5 clients are told the session was taken over. Safe from any thread.
     */
    static void takenOver(Channel previous, String clientId) {
        log.info("Client '{}' connected again: closing its previous connection {}", clientId, previous.remoteAddress());
        if (Boolean.TRUE.equals(previous.attr(MqttConnectionHandler.SPEAKS_V5).get())) {
            previous.writeAndFlush(MqttReplies.disconnect(MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER.byteValue()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            previous.close();
        }
    }

    /**
     * Closes the connection, telling MQTT 5 clients why — after the acknowledgements of the messages it
     * already handed to storage, so a client never sends again what is stored.
     */
    void disconnect(byte reasonCode, String reason) {
        log.info(
                "Disconnecting client '{}' ({}): {}",
                session.clientId(),
                ctx.channel().remoteAddress(),
                reason);
        Runnable close = () -> {
            if (session.isV5() && ctx.channel().isActive()) {
                ctx.writeAndFlush(MqttReplies.disconnect(reasonCode)).addListener(ChannelFutureListener.CLOSE);
            } else {
                // Closed once what was written before (the acknowledgements) has gone out.
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        };
        ChannelAdmission admitted = admission.get();
        if (admitted == null) {
            close.run();
        } else {
            admitted.closeWhenSettled(close, SETTLE_LIMIT);
        }
    }
}
