package org.envmon.simulator.transport;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5 connection (Paho v5 async client); it reconnects by itself after a loss. A PUBACK with an
 * error reason code (the platform quarantined the message) is still an acknowledgement: it is logged.
 */
final class PahoV5Link implements Link {
    private static final Logger log = LoggerFactory.getLogger(PahoV5Link.class);

    private final MqttSettings settings;
    private final String clientId;
    private volatile MqttAsyncClient client;

    PahoV5Link(MqttSettings settings, String clientId) {
        this.settings = settings;
        this.clientId = clientId;
    }

    @Override
    public void connect() throws Exception {
        client = new MqttAsyncClient(settings.target().toString(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(p -> options.setPassword(new String(p).getBytes(StandardCharsets.UTF_8)));
        if (settings.tls()) {
            options.setSocketFactory(Tls.socketFactory(settings.caFile()));
        }
        client.connect(options).waitForCompletion(settings.connectTimeout().toMillis());
        log.debug("{} connected to {} (MQTT 5)", clientId, settings.target());
    }

    @Override
    public boolean connected() {
        return client != null && client.isConnected();
    }

    @Override
    public void publish(Envelope envelope, Runnable acked, Consumer<Throwable> failed) {
        try {
            client.publish(envelope.topic(), envelope.payload(), settings.qos(), false, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        log.warn(
                                "{}: PUBACK reason 0x{} for {}",
                                clientId,
                                Integer.toHexString(codes[0]),
                                envelope.topic());
                    }
                    acked.run();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    failed.accept(cause);
                }
            });
        } catch (MqttException | RuntimeException e) {
            failed.accept(e);
        }
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                // no quiesce: by now the runner has waited for every acknowledgement it will count
                client.disconnect(0).waitForCompletion(settings.connectTimeout().toMillis());
            }
            client.close();
            client = null;
        } catch (MqttException e) {
            log.debug("{}: close: {}", clientId, e.getMessage());
        }
    }
}
