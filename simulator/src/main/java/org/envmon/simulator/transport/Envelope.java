package org.envmon.simulator.transport;

import java.util.List;

/**
 * One message of one station: its wire code (topic station or MN), the encoded payload, the HJ 212 QNs
 * whose 9014 answers acknowledge it (empty when no answer is asked for), and an opaque tag the sender
 * gets back with the acknowledgement.
 */
public record Envelope(String stationCode, byte[] payload, List<String> answerQns, Object tag) {
    public Envelope {
        answerQns = List.copyOf(answerQns);
    }

    public String topic() {
        return "stations/" + stationCode + "/readings";
    }
}
