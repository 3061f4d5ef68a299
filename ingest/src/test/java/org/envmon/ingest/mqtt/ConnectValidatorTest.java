package org.envmon.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectValidatorTest {
    private static final int MAX_ID_LENGTH = 23;

    private final ConnectValidator validator = new ConnectValidator(MAX_ID_LENGTH);

    private static MqttConnectMessage connect(MqttVersion version, String clientId, boolean cleanSession) {
        return MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId(clientId)
                .cleanSession(cleanSession)
                .build();
    }

    @Test
    void decide_emptyIdWithCleanSession_acceptsWithAssignedId() {
        ConnectDecision decision = validator.decide(connect(MqttVersion.MQTT_3_1_1, "", true));

        assertThat(decision).isInstanceOfSatisfying(ConnectDecision.Accept.class, accept -> {
            assertThat(accept.assignedId()).isTrue();
            assertThat(accept.clientId()).startsWith("envmon-").hasSizeGreaterThan("envmon-".length());
        });
    }

    @Test
    void decide_twoEmptyIds_getDistinctAssignedIds() {
        ConnectDecision first = validator.decide(connect(MqttVersion.MQTT_3_1_1, "", true));
        ConnectDecision second = validator.decide(connect(MqttVersion.MQTT_3_1_1, "", true));

        assertThat(((ConnectDecision.Accept) first).clientId())
                .isNotEqualTo(((ConnectDecision.Accept) second).clientId());
    }

    @Test
    void decide_nullIdWithCleanSession_acceptsWithAssignedId() {
        ConnectDecision decision = validator.decide(connect(MqttVersion.MQTT_3_1_1, null, true));

        assertThat(decision)
                .isInstanceOfSatisfying(
                        ConnectDecision.Accept.class,
                        accept -> assertThat(accept.assignedId()).isTrue());
    }

    @Test
    void decide_emptyIdWithoutCleanSessionOnMqtt311_isRefusedIdentifierRejected() {
        ConnectDecision decision = validator.decide(connect(MqttVersion.MQTT_3_1_1, "", false));

        assertThat(decision).isInstanceOfSatisfying(ConnectDecision.Refuse.class, refuse -> {
            assertThat(refuse.code()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(refuse.reason()).contains("clean session");
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void decide_emptyIdOnMqtt5_isAssignedRegardlessOfCleanStart(boolean cleanStart) {
        ConnectDecision decision = validator.decide(connect(MqttVersion.MQTT_5, "", cleanStart));

        assertThat(decision).isInstanceOfSatisfying(ConnectDecision.Accept.class, accept -> {
            assertThat(accept.assignedId()).isTrue();
            assertThat(accept.clientId()).startsWith("envmon-");
        });
    }

    @Test
    void decide_idAtLengthLimit_isAccepted() {
        String id = "a".repeat(MAX_ID_LENGTH);

        assertThat(validator.decide(connect(MqttVersion.MQTT_3_1_1, id, true)))
                .isEqualTo(new ConnectDecision.Accept(id, false));
    }

    @Test
    void decide_idLongerThanLimitOnMqtt311_isRefusedIdentifierRejected() {
        ConnectDecision decision =
                validator.decide(connect(MqttVersion.MQTT_3_1_1, "a".repeat(MAX_ID_LENGTH + 1), true));

        assertThat(decision).isInstanceOfSatisfying(ConnectDecision.Refuse.class, refuse -> {
            assertThat(refuse.code()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(refuse.reason()).contains(String.valueOf(MAX_ID_LENGTH));
        });
    }

    @Test
    void decide_idLongerThanLimitOnMqtt5_isRefusedClientIdentifierNotValid() {
        ConnectDecision decision = validator.decide(connect(MqttVersion.MQTT_5, "a".repeat(MAX_ID_LENGTH + 1), true));

        assertThat(decision)
                .isInstanceOfSatisfying(
                        ConnectDecision.Refuse.class,
                        refuse -> assertThat(refuse.code())
                                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"station\u0001", "sta\ntion", "\u0000", "station\u007f", "tab\there"})
    void decide_controlCharacterInIdOnMqtt311_isRefused(String id) {
        ConnectDecision decision = validator.decide(connect(MqttVersion.MQTT_3_1_1, id, true));

        assertThat(decision).isInstanceOfSatisfying(ConnectDecision.Refuse.class, refuse -> {
            assertThat(refuse.code()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(refuse.reason()).contains("control character");
        });
    }

    @Test
    void decide_controlCharacterInIdOnMqtt5_isRefusedClientIdentifierNotValid() {
        ConnectDecision decision = validator.decide(connect(MqttVersion.MQTT_5, "station\u0001", true));

        assertThat(decision)
                .isInstanceOfSatisfying(
                        ConnectDecision.Refuse.class,
                        refuse -> assertThat(refuse.code())
                                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"S01-logger", "envmon/station.7", "站点-1"})
    void decide_normalId_isAcceptedUnchanged(String id) {
        assertThat(validator.decide(connect(MqttVersion.MQTT_3_1_1, id, false)))
                .isEqualTo(new ConnectDecision.Accept(id, false));
        assertThat(validator.decide(connect(MqttVersion.MQTT_5, id, false)))
                .isEqualTo(new ConnectDecision.Accept(id, false));
    }

    @Test
    void identifierRejected_byVersion_returnsVersionSpecificCode() {
        assertThat(ConnectValidator.identifierRejected(false))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
        assertThat(ConnectValidator.identifierRejected(true))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
    }
}
