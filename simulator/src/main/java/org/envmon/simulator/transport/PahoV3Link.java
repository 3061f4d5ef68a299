package org.envmon.simulator.transport;

import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An MQTT 3.1.1 connection (Paho v3 async client); it reconnects by itself after a loss. */
final class PahoV3Link implements Link {
    private static final Logger log = LoggerFactory.getLogger(PahoV3Link.class);

    private final MqttSettings settings;
    private final String clientId;
    private final int maxInFlight;
    private volatile MqttAsyncClient client;

    PahoV3Link(MqttSettings settings, String clientId, int maxInFlight) {
        this.settings = settings;
        this.clientId = clientId;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void connect() throws Exception {
        client = new MqttAsyncClient(settings.target().toString(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxInflight(maxInFlight);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(options::setPassword);
        if (settings.tls()) {
            options.setSocketFactory(Tls.socketFactory(settings.caFile()));
        }
        client.connect(options).waitForCompletion(settings.connectTimeout().toMillis());
        log.debug("{} connected to {}", clientId, settings.target());
    }

    @Override
    public boolean connected() {
        return client != null && client.isConnected();
    }

    @Override
    public void publish(Envelope envelope, Runnable acked, Consumer<Throwable> failed) {
        try {
            client.publish(
                    envelope.topic(), envelope.payload(), settings.qos(), false, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
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
