package org.envmon.alerting.rule;

import java.time.Duration;
import java.util.Set;
import org.envmon.alerting.input.StationInfo;
import org.envmon.alerting.standard.Gb3838;
import org.envmon.alerting.text.Numbers;

/** What a rule watches for. Value conditions carry their own clear threshold (hysteresis). */
public sealed interface Condition {

    /** A condition on the (optionally window-averaged) value of N-flagged readings. */
    sealed interface OnValue extends Condition {
        /** True when the observed value starts an episode. */
        boolean breached(double observed, StationInfo station);

        /** True when the observed value ends an open episode; between the two the episode goes on. */
        boolean cleared(double observed, StationInfo station);

        /** The threshold as people read it, e.g. "> 1.5" or "class III (≤ 1.0)". */
        String describe(StationInfo station);
    }

    /** Breached above {@code limit}, cleared at or below {@code clear} (≤ limit). */
    record Above(double limit, double clear) implements OnValue {
        @Override
        public boolean breached(double observed, StationInfo station) {
            return observed > limit;
        }

        @Override
        public boolean cleared(double observed, StationInfo station) {
            return observed <= clear;
        }

        @Override
        public String describe(StationInfo station) {
            return "> " + Numbers.plain(limit);
        }
    }

    /** Breached below {@code limit}, cleared at or above {@code clear} (≥ limit). */
    record Below(double limit, double clear) implements OnValue {
        @Override
        public boolean breached(double observed, StationInfo station) {
            return observed < limit;
        }

        @Override
        public boolean cleared(double observed, StationInfo station) {
            return observed >= clear;
        }

        @Override
        public String describe(StationInfo station) {
            return "< " + Numbers.plain(limit);
        }
    }

    /** Breached outside [low, high], cleared inside [clearLow, clearHigh] (a band within the range). */
    record Outside(double low, double high, double clearLow, double clearHigh) implements OnValue {
        @Override
        public boolean breached(double observed, StationInfo station) {
            return observed < low || observed > high;
        }

        @Override
        public boolean cleared(double observed, StationInfo station) {
            return observed >= clearLow && observed <= clearHigh;
        }

        @Override
        public String describe(StationInfo station) {
            return Numbers.plain(low) + "–" + Numbers.plain(high);
        }
    }

    /** Breached when the value changes faster than {@code limit} per {@code per} (either direction). */
    record Rate(double limit, Duration per, double clear) implements OnValue {
        @Override
        public boolean breached(double observed, StationInfo station) {
            return Math.abs(observed) > limit;
        }

        @Override
        public boolean cleared(double observed, StationInfo station) {
            return Math.abs(observed) <= clear;
        }

        @Override
        public String describe(StationInfo station) {
            return "|Δ| > " + Numbers.plain(limit) + " / " + per.toMinutes() + " min";
        }
    }

    /** GB 3838 single-factor evaluation against the station's target class. */
    record WaterClass(Gb3838.Factor factor, Gb3838.WaterBody body, double clearMargin) implements OnValue {
        @Override
        public boolean breached(double observed, StationInfo station) {
            return station.targetClass()
                    .map(target -> Gb3838.classOf(factor, body, observed) > target)
                    .orElse(false);
        }

        @Override
        public boolean cleared(double observed, StationInfo station) {
            return station.targetClass()
                    .map(target -> Gb3838.withinTarget(factor, body, observed, target, clearMargin))
                    .orElse(true);
        }

        @Override
        public String describe(StationInfo station) {
            return station.targetClass()
                    .map(target -> Gb3838.describeTarget(factor, body, target))
                    .orElse("-");
        }
    }

    /** Breached while readings carry one of the flags (sensor or station fault), cleared by any other flag. */
    record FlagIn(Set<Character> flags) implements Condition {}

    /** Breached when the station (or metric) has sent nothing for {@code silence}; cleared by the next reading. */
    record NoData(Duration silence) implements Condition {}
}
