package org.envmon.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.TopicScheme;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.envmon.ingest.transport.ChannelAdmission;
import org.envmon.ingest.transport.ClientCertificates;
import org.envmon.ingest.transport.PeerAddress;
import org.envmon.ingest.transport.PeerFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection: the CONNECT handshake, keep-alive, PUBLISH at QoS 0/1/2 with the ack sent
 * only after the data committed, and back-pressure. Runs on the connection's event loop; storage
 * outcomes arrive from the writer and are handed back to that loop before touching any state.
 */
final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MqttConnectionHandler.class);
    /** Set on connections that negotiated MQTT 5, so the server can send them a DISCONNECT reason. */
    static final AttributeKey<Boolean> SPEAKS_V5 = AttributeKey.valueOf("envmon.mqtt.v5");

    private final MqttServices services;
    private final ConnectValidator connectValidator;
    private final MqttSession session = new MqttSession();
    private ChannelHandlerContext ctx;
    private MqttCloser closer;
    private ChannelAdmission admission;
    private ScheduledFuture<?> connectDeadline;
    /** A CONNECT's credentials are being checked; reading is off meanwhile. */
    private boolean authenticating;

    MqttConnectionHandler(MqttServices services) {
        this.services = services;
        this.connectValidator = new ConnectValidator(services.config().maxClientIdLength());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.closer = new MqttCloser(ctx, session, services, () -> admission);
        services.metrics().connectionOpened(Transport.MQTT);
        long deadline = services.config().connectTimeout().toMillis();
        connectDeadline = ctx.executor()
                .schedule(
                        () -> {
                            if (!session.isConnected()) {
                                log.debug(
                                        "No CONNECT from {} within {} ms; closing",
                                        ctx.channel().remoteAddress(),
                                        deadline);
                                services.metrics().firstFrameMissed(Transport.MQTT);
                                ctx.close();
                            }
                        },
                        deadline,
                        TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        services.metrics().connectionClosed(Transport.MQTT);
        if (session.isConnected()) {
            services.sessions().disconnected(session.clientId(), ctx.channel());
        }
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage message)) {
                ctx.close();
                return;
            }
            if (admission != null && admission.isClosing()) {
                return;
            }
            if (message.decoderResult().isFailure()) {
                closer.malformed(message);
                return;
            }
            if (!session.isConnected() && !(message instanceof MqttConnectMessage)) {
                log.debug(
                        "{} sent {} before CONNECT; closing",
                        ctx.channel().remoteAddress(),
                        message.fixedHeader().messageType());
                ctx.close();
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case CONNECT -> onConnect((MqttConnectMessage) message);
                case PUBLISH -> onPublish((MqttPublishMessage) message);
                case PUBREL -> onPubRel(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
                case PINGREQ -> ctx.writeAndFlush(MqttReplies.PINGRESP);
                case SUBSCRIBE -> onSubscribe((MqttSubscribeMessage) message);
                case UNSUBSCRIBE -> onUnsubscribe((MqttUnsubscribeMessage) message);
                case DISCONNECT -> ctx.close();
                default ->
                    closer.protocolError("unexpected " + message.fixedHeader().messageType() + " from a client");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onConnect(MqttConnectMessage connect) {
        if (session.isConnected() || authenticating) {
            closer.protocolError("second CONNECT on one connection");
            return;
        }
        boolean v5 = isV5(connect.variableHeader());
        ConnectDecision decision = connectValidator.decide(connect);
        if (decision instanceof ConnectDecision.Refuse refuse) {
            log.info(
                    "Refused CONNECT from {} (client id '{}'): {}",
                    ctx.channel().remoteAddress(),
                    connect.payload().clientIdentifier(),
                    refuse.reason());
            ctx.writeAndFlush(MqttReplies.connRefused(refuse.code())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ConnectDecision.Accept accept = (ConnectDecision.Accept) decision;
        String userName =
                connect.variableHeader().hasUserName() ? connect.payload().userName() : null;
        byte[] password =
                connect.variableHeader().hasPassword() ? connect.payload().passwordInBytes() : null;
        int keepAliveSeconds = connect.variableHeader().keepAliveTimeSeconds();
        SessionTerms terms = SessionTerms.of(connect, v5, services.config().maxSessionExpiry());
        // Nothing more is read until the check answers: packets pipelined behind the CONNECT wait
        // in the flow-control handler and the socket, not in a queue of ours.
        authenticating = true;
        ctx.channel().config().setAutoRead(false);
        services.authenticator()
                .check(PeerAddress.of(ctx.channel()), userName, password, ClientCertificates.commonName(ctx.channel()))
                .whenComplete((result, error) -> ctx.executor()
                        .execute(() -> onAuthenticated(
                                accept,
                                v5,
                                keepAliveSeconds,
                                terms,
                                error == null
                                        ? result
                                        : new AuthResult.Denied(
                                                RejectReason.AUTH_BUSY, "credential check failed: " + error))));
    }

    private void onAuthenticated(
            ConnectDecision.Accept accept, boolean v5, int keepAliveSeconds, SessionTerms terms, AuthResult result) {
        authenticating = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (result instanceof AuthResult.Denied denied) {
            closer.loginRefused(accept.clientId(), denied, v5);
            return;
        }
        connectDeadline.cancel(false);
        SessionRegistry.Connected held =
                services.sessions().connect(accept.clientId(), ctx.channel(), terms.cleanStart(), terms.expiry());
        held.takenOver().ifPresent(previous -> MqttCloser.takenOver(previous, accept.clientId()));
        session.connected(
                accept.clientId(),
                v5,
                ((AuthResult.Granted) result).station(),
                held.resumed().awaitingRelease(),
                new TopicAliases(v5 ? services.config().topicAliasMaximum() : 0, services.metrics()::topicAliasUsed));
        // MQTT 5 clients are told the receive maximum and disconnected when they exceed it; MQTT 3.1.1
        // has no such agreement, so the same number caps them by not reading until acks go out.
        admission = new ChannelAdmission(
                ctx.channel(),
                services.queue(),
                services.metrics(),
                services.readingAllowed(),
                v5 ? Integer.MAX_VALUE : services.config().receiveMaximum(),
                this::restartKeepAliveWatch);
        ctx.channel().attr(SPEAKS_V5).set(v5);
        session.keepAliveMillis(keepAliveSeconds * 1500L);
        if (keepAliveSeconds > 0) {
            ctx.pipeline().addBefore(HandlerNames.DECODER, HandlerNames.KEEP_ALIVE, keepAliveWatch());
        }
        ctx.writeAndFlush(MqttReplies.connAccepted(
                services.config(),
                v5,
                accept.assignedId() ? accept.clientId() : null,
                held.resumed().sessionPresent(),
                terms.grantedSeconds()));
        log.debug(
                "Client '{}' connected from {} (MQTT {}, keep-alive {} s, station {})",
                accept.clientId(),
                ctx.channel().remoteAddress(),
                v5 ? "5" : "3.1.1",
                keepAliveSeconds,
                session.station().orElse("anonymous"));
        admission.resume();
    }

    static boolean isV5(MqttConnectVariableHeader header) {
        return MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version()) == MqttVersion.MQTT_5;
    }

    private void onPublish(MqttPublishMessage publish) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        int packetId = publish.variableHeader().packetId();
        if (qos == MqttQoS.EXACTLY_ONCE && (session.isAwaitingRelease(packetId) || session.isStoring(packetId))) {
            if (session.isAwaitingRelease(packetId)) {
                ctx.writeAndFlush(MqttReplies.pubRec(packetId, MqttReasonCodes.PubRec.SUCCESS.byteValue(), null));
            }
            return;
        }
        TopicAliases.Resolution named = session.topicAliases().resolve(publish);
        if (named instanceof TopicAliases.Resolution.Invalid invalid) {
            closer.disconnect(MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID.byteValue(), invalid.reason());
            return;
        }
        String topic = ((TopicAliases.Resolution.Topic) named).name();
        Optional<String> station = session.station().or(() -> TopicScheme.stationOf(topic));
        if (station.isPresent() && !services.rateLimiter().tryAcquire(station.get())) {
            // Not acknowledged: the station keeps the message and sends it again after reconnecting.
            String detail = "station '" + station.get() + "' over limits.stationMessagesPerSecond; message not"
                    + " acknowledged, connection closed";
            closer.recordRejection(session.clientId(), RejectReason.RATE_LIMITED, detail);
            closer.disconnect(MqttReasonCodes.Disconnect.MESSAGE_RATE_TOO_HIGH.byteValue(), detail);
            return;
        }
        if (qos != MqttQoS.AT_MOST_ONCE) {
            if (session.isV5() && session.unacknowledged() >= services.config().receiveMaximum()) {
                closer.disconnect(
                        MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED.byteValue(),
                        "more than " + services.config().receiveMaximum() + " unacknowledged messages");
                return;
            }
            // Pausing cannot bound these for MQTT 3.1.1: the PUBRELs that release them must still be read.
            if (qos == MqttQoS.EXACTLY_ONCE
                    && session.awaitingRelease() >= services.config().receiveMaximum()) {
                closer.disconnect(
                        MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED.byteValue(),
                        session.awaitingRelease() + " QoS 2 messages stored and still waiting for PUBREL"
                                + " (mqtt.receiveMaximum)");
                return;
            }
            session.inFlightAdded();
            if (qos == MqttQoS.EXACTLY_ONCE) {
                session.storing(packetId);
            }
        }
        Channel channel = ctx.channel();
        Consumer<WriteOutcome> onDone = outcome -> channel.eventLoop().execute(() -> onStored(qos, packetId, outcome));
        PublishIntake.Publication publication =
                services.intake().read(session.clientId(), session.station(), topic, publish.payload());
        if (publication.refusal().isPresent()) {
            admission.admit(services.intake().refusal(publication, onDone));
            return;
        }
        admission.awaitThen(
                services.stations().resolve(publication.station()),
                resolution -> onResolved(publication, resolution, onDone));
    }

    /** The topic's station is known now: the payload is decoded (once) for it. */
    private void onResolved(
            PublishIntake.Publication publication, StationResolution resolution, Consumer<WriteOutcome> onDone) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (resolution instanceof StationResolution.Unavailable unavailable
                && services.intake().needsStationSettings(publication)) {
            services.metrics().stationUnresolved(Transport.MQTT);
            closer.disconnect(
                    MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR.byteValue(),
                    "cannot look up station '"
                            + unavailable.code() + "' (" + unavailable.cause() + ") to check its HJ 212 frames; not"
                            + " acknowledged, so they are sent again");
            return;
        }
        admission.admit(services.intake().toRequest(publication, resolution, onDone));
    }

    /** After a pause the idle timer is stale: the client was silent because the server did not read. */
    private void restartKeepAliveWatch() {
        if (session.keepAliveMillis() > 0 && ctx.pipeline().get(HandlerNames.KEEP_ALIVE) != null) {
            ctx.pipeline().replace(HandlerNames.KEEP_ALIVE, HandlerNames.KEEP_ALIVE, keepAliveWatch());
        }
    }

    private IdleStateHandler keepAliveWatch() {
        return new IdleStateHandler(session.keepAliveMillis(), 0, 0, TimeUnit.MILLISECONDS);
    }

    private void onStored(MqttQoS qos, int packetId, WriteOutcome outcome) {
        admission.completed();
        if (qos == MqttQoS.AT_MOST_ONCE) {
            return;
        }
        session.inFlightDone();
        if (!outcome.committed()) {
            session.stored(packetId, false);
            log.warn(
                    "Write failed for client '{}'; closing without acknowledgement so it redelivers",
                    session.clientId());
            closer.disconnect(MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR.byteValue(), "storage unavailable");
            return;
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        byte reason = session.isV5() ? MqttReplies.publishReasonCode(outcome.wholeMessageRejection()) : 0;
        String reasonString = session.isV5()
                ? outcome.wholeMessageRejection().map(RejectReason::code).orElse(null)
                : null;
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            ctx.writeAndFlush(MqttReplies.pubAck(packetId, reason, reasonString));
        } else {
            // A quarantined QoS 2 message is answered with PUBREC success plus the reason string: an
            // error code would end the flow, and common clients (Paho) drop the connection on it.
            session.stored(packetId, true);
            ctx.writeAndFlush(MqttReplies.pubRec(packetId, MqttReasonCodes.PubRec.SUCCESS.byteValue(), reasonString));
        }
    }

    private void onPubRel(int packetId) {
        boolean known = session.release(packetId);
        byte reason = known || !session.isV5()
                ? MqttReasonCodes.PubComp.SUCCESS.byteValue()
                : MqttReasonCodes.PubComp.PACKET_IDENTIFIER_NOT_FOUND.byteValue();
        ctx.writeAndFlush(MqttReplies.pubComp(packetId, reason));
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        int filters = subscribe.payload().topicSubscriptions().size();
        ctx.writeAndFlush(MqttReplies.subAckRefused(
                subscribe.idAndPropertiesVariableHeader().messageId(), filters, session.isV5()));
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
        ctx.writeAndFlush(MqttReplies.unsubAck(
                unsubscribe.idAndPropertiesVariableHeader().messageId(),
                unsubscribe.payload().topics().size(),
                session.isV5()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (admission != null && admission.isPaused()) {
                return;
            }
            closer.disconnect(
                    MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT.byteValue(), "no packet within 1.5 × keep-alive");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (PeerFaults.isTls(cause)) {
            services.metrics().tlsFailed(Transport.MQTT);
            log.info("TLS failed with {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (PeerFaults.isNetwork(cause)) {
            // The peer went away (reset, broken pipe): normal on a network, not worth more than a debug line.
            log.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            services.metrics().handlerFailed(Transport.MQTT, cause);
            log.warn(
                    "Closing MQTT connection {} after an unexpected error",
                    ctx.channel().remoteAddress(),
                    cause);
        }
        ctx.close();
    }
}
