package org.envmon.simulator.signal;

import java.util.SplittableRandom;

/**
 * An Ornstein-Uhlenbeck walk around zero: noise that wanders but is pulled back, so a signal drifts the
 * way a real river does instead of jittering independently from sample to sample.
 */
final class MeanReverting {
    private final double reversionPerHour;
    private final double sigmaPerSqrtHour;
    private double value;

    MeanReverting(double reversionPerHour, double sigmaPerSqrtHour) {
        this.reversionPerHour = reversionPerHour;
        this.sigmaPerSqrtHour = sigmaPerSqrtHour;
    }

    double step(SplittableRandom random, double hours) {
        double dt = Math.max(hours, 0);
        value += -reversionPerHour * value * dt + sigmaPerSqrtHour * Math.sqrt(dt) * Gaussian.next(random);
        return value;
    }
}
