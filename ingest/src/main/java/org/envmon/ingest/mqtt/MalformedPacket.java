package org.envmon.ingest.mqtt;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import org.envmon.ingest.payload.RejectReason;

/** A packet the MQTT decoder could not read: why, in the quarantine's words and in MQTT 5's DISCONNECT. */
record MalformedPacket(RejectReason reason, String detail, byte disconnectReason) {

    static MalformedPacket of(Throwable cause, int maxPacketSize) {
        Throwable shown = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String description = shown.getClass().getSimpleName() + ": " + shown.getMessage();
        if (cause instanceof TooLongFrameException) {
            return new MalformedPacket(
                    RejectReason.PACKET_TOO_LARGE,
                    "packet larger than mqtt.maxPacketSize (" + maxPacketSize + " bytes): " + description,
                    MqttReasonCodes.Disconnect.PACKET_TOO_LARGE.byteValue());
        }
        return new MalformedPacket(
                RejectReason.MALFORMED_PACKET,
                "malformed MQTT packet: " + description,
                MqttReasonCodes.Disconnect.MALFORMED_PACKET.byteValue());
    }
}
