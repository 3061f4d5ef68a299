package org.envmon.alerting.input;

/** A factor of the metric catalogue: HJ 212 code, English and Chinese names, unit, evaluation decimals. */
public record MetricInfo(short id, String code, String name, String nameZh, String unit, int decimals) {

    /** The name in the message language, falling back to English where no Chinese name is stored. */
    public String displayName(boolean chinese) {
        return chinese && nameZh != null && !nameZh.isBlank() ? nameZh : name;
    }
}
