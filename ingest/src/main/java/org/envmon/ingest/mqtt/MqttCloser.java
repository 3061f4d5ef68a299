package org.envmon.ingest.mqtt;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import java.nio.charset.StandardCharsets;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every way the server ends one MQTT connection: a refused CONNECT, a malformed packet, a protocol error, a
 * limit. MQTT 5 clients are told the reason; refusals without a payload to keep are recorded. Used on the
 * connection's event loop only.
 */
final class MqttCloser {
    private static final Logger log = LoggerFactory.getLogger(MqttCloser.class);

    private final ChannelHandlerContext ctx;
    private final MqttSession session;
    private final MqttServices services;

    MqttCloser(ChannelHandlerContext ctx, MqttSession session, MqttServices services) {
        this.ctx = ctx;
        this.session = session;
        this.services = services;
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

    /** Closes the connection, telling MQTT 5 clients why. */
    void disconnect(byte reasonCode, String reason) {
        log.info(
                "Disconnecting client '{}' ({}): {}",
                session.clientId(),
                ctx.channel().remoteAddress(),
                reason);
        if (session.isV5() && ctx.channel().isActive()) {
            ctx.writeAndFlush(MqttReplies.disconnect(reasonCode)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
