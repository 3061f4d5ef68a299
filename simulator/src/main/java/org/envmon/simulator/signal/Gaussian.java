package org.envmon.simulator.signal;

import java.util.SplittableRandom;

/** Standard normal draws from a given generator (Box-Muller), so every station's stream stays its own. */
final class Gaussian {
    private Gaussian() {}

    static double next(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
