package org.envmon.alerting.notify;

import java.util.ArrayList;
import java.util.List;
import org.envmon.alerting.standard.Gb3838;
import org.envmon.alerting.text.Numbers;

/** Chinese and English message templates. */
public final class Templates {
    /** Message language. */
    public enum Language {
        ZH,
        EN
    }

    private final Language language;

    public Templates(Language language) {
        this.language = language;
    }

    public Message render(Notice n) {
        boolean zh = language == Language.ZH;
        String station = n.stationName() + " (" + n.stationCode() + ")";
        String metric = n.metricCode() == null
                ? null
                : (zh && n.metricNameZh() != null
                        ? n.metricNameZh()
                        : n.metricName() == null ? n.metricCode() : n.metricName());
        String title = (zh ? "【" + eventZh(n.event()) + "】" : "[" + n.event().toUpperCase(java.util.Locale.ROOT) + "] ")
                + station + (metric == null ? "" : " " + metric) + " · " + n.ruleName();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {zh ? "级别" : "Severity", zh ? severityZh(n.severity()) : n.severity()});
        lines.add(new String[] {zh ? "站点" : "Station", station});
        String place = join(n.river(), n.township());
        if (!place.isEmpty()) {
            lines.add(new String[] {zh ? "河流/乡镇" : "River / township", place});
        }
        if (metric != null && n.value() != null) {
            lines.add(new String[] {
                zh ? "监测值" : "Value",
                metric + " " + Numbers.plain(n.value())
                        + (n.unit() == null || n.unit().isEmpty() ? "" : " " + n.unit())
            });
        }
        if (n.waterClass() != null && n.targetClass() != null) {
            String cls = Gb3838.roman(n.waterClass());
            String target = Gb3838.roman(n.targetClass());
            String over = n.exceedance() == null ? "" : Numbers.plain(n.exceedance());
            lines.add(new String[] {
                zh ? "水质类别" : "Water class",
                zh
                        ? cls + "类，目标" + target + "类" + (over.isEmpty() ? "" : "，超标" + over + "倍")
                        : "class " + cls + ", target " + target + (over.isEmpty() ? "" : ", ×" + over + " over")
            });
        } else if (n.threshold() != null) {
            lines.add(new String[] {zh ? "阈值" : "Threshold", n.threshold()});
        }
        lines.add(new String[] {zh ? "时间" : "Time", n.localTime() + " (" + n.zone() + ")"});
        if (n.detail() != null) {
            lines.add(new String[] {zh ? "说明" : "Detail", n.detail()});
        }
        lines.add(new String[] {zh ? "告警编号" : "Alert", "#" + n.alertId() + " · " + n.ruleId()});
        StringBuilder md = new StringBuilder("### ").append(title).append("\n\n");
        StringBuilder text = new StringBuilder(title).append("\n\n");
        for (String[] line : lines) {
            md.append("> **").append(line[0]).append("**: ").append(line[1]).append("\n\n");
            text.append(line[0]).append(": ").append(line[1]).append('\n');
        }
        if (n.link() != null) {
            md.append("[")
                    .append(zh ? "查看断面面板" : "Open the section panel")
                    .append("](")
                    .append(n.link())
                    .append(")\n");
            text.append('\n')
                    .append(zh ? "断面面板" : "Section panel")
                    .append(": ")
                    .append(n.link())
                    .append('\n');
        }
        return new Message(title, md.toString(), text.toString());
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b == null ? "" : b;
        }
        return b == null ? a : a + " / " + b;
    }

    private static String eventZh(String event) {
        return switch (event) {
            case "firing" -> "告警";
            case "resolved" -> "恢复";
            case "flapping" -> "频繁波动";
            case "flapping_ended" -> "波动结束";
            default -> event;
        };
    }

    private static String severityZh(String severity) {
        return switch (severity) {
            case "critical" -> "严重";
            case "warning" -> "警告";
            default -> "提示";
        };
    }
}
