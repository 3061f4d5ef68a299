package org.envmon.ingest.hj212;

/**
 * Which frames of a station the service answers, as HJ 212 lays out its exchanges: a data upload
 * (CN 2xxx, 3xxx) gets the 9014 data answer once it is stored, when its Flag's A bit asks for it, or
 * when it is a 2005 upload that carries no Flag at all (HJ/T 212-2005 loggers expect the answer
 * without asking). Answers and notifications of stations (CN 9xxx) and their replies to requests
 * (CN 1xxx) are never answered: the service did not start those exchanges, and answering an answer
 * would make two devices talk forever.
 */
public final class Hj212AnswerPolicy {
    /** The {@code hj212.answer} setting. */
    public enum Mode {
        FLAG,
        ALWAYS,
        NEVER
    }

    private final Mode mode;
    private final boolean timeSync;

    /** @param timeSync answer a time calibration request (CN 1013) with the server's time (CN 1012) */
    public Hj212AnswerPolicy(Mode mode, boolean timeSync) {
        this.mode = mode;
        this.timeSync = timeSync;
    }

    /** Whether {@code packet}, once stored (or its content quarantined), gets the 9014 data answer. */
    public boolean answersWithDataAnswer(Hj212Packet packet) {
        if (!isDataUpload(packet.cn())) {
            return false;
        }
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case FLAG ->
                packet.flag().isPresent()
                        ? packet.answerRequested()
                        : packet.dialect() == Hj212Packet.Dialect.HJ212_2005;
        };
    }

    /** Whether {@code packet} is a time calibration request to answer with the server's time. */
    public boolean answersWithTime(Hj212Packet packet) {
        return timeSync && "1013".equals(packet.cn());
    }

    private static boolean isDataUpload(String cn) {
        return cn.length() == 4 && (cn.charAt(0) == '2' || cn.charAt(0) == '3');
    }
}
