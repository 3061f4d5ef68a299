package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.envmon.ingest.payload.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MqttRepliesTest {

    private static int code(Optional<RejectReason> rejection) {
        return MqttReplies.publishReasonCode(rejection) & 0xFF;
    }

    private static int code(RejectReason reason) {
        return code(Optional.of(reason));
    }

    @Test
    void publishReasonCode_noRejection_isSuccess() {
        assertThat(code(Optional.empty())).isEqualTo(0x00);
    }

    @Test
    void publishReasonCode_topicOutsideScheme_isTopicNameInvalid() {
        assertThat(code(RejectReason.TOPIC_OUTSIDE_SCHEME)).isEqualTo(0x90);
    }

    @Test
    void publishReasonCode_unknownOrInactiveStation_isNotAuthorized() {
        assertThat(code(RejectReason.UNKNOWN_STATION)).isEqualTo(0x87);
        assertThat(code(RejectReason.STATION_INACTIVE)).isEqualTo(0x87);
    }

    @Test
    void publishReasonCode_malformedJson_isPayloadFormatInvalid() {
        assertThat(code(RejectReason.MALFORMED_JSON)).isEqualTo(0x99);
    }

    @Test
    void publishReasonCode_storageError_isImplementationSpecificError() {
        assertThat(code(RejectReason.STORAGE_ERROR)).isEqualTo(0x83);
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void publishReasonCode_anyRejection_isAFailureCode(RejectReason reason) {
        assertThat(code(reason)).isGreaterThanOrEqualTo(0x80);
    }

    @ParameterizedTest
    @EnumSource(
            value = RejectReason.class,
            names = {
                "MALFORMED_JSON",
                "INVALID_STRUCTURE",
                "UNKNOWN_METRIC",
                "INVALID_VALUE",
                "INVALID_FLAG",
                "INVALID_TIME",
                "TIME_IN_FUTURE",
                "BEYOND_RETENTION",
                "PAYLOAD_TOO_LARGE",
                "HJ212_FRAMING",
                "HJ212_CRC_MISMATCH",
                "HJ212_MALFORMED"
            })
    void publishReasonCode_payloadProblems_arePayloadFormatInvalid(RejectReason reason) {
        assertThat(code(reason)).isEqualTo(0x99);
    }
}
