package org.envmon.demo;

import java.net.URI;
import java.util.Locale;
import org.envmon.simulator.episode.DemoScript;

/** The alert rules of the demo, as an envmon rules file routed to the console notifier. */
public final class DemoRules {
    private DemoRules() {}

    /**
     * GB 3838 against each river section's target class, PM10 over 400 at dust sites (a dust storm, not
     * an ordinary working day), COD over 100 mg/L at outfalls; each must hold for two samples.
     */
    public static String yaml(URI notifier, DemoScript script) {
        String hold = script.span(10).toMillis() + "ms";
        return String.format(Locale.ROOT, """
                notifiers:
                  - {id: console, type: webhook, url: "%s"}
                rules:
                  - id: dust-storm
                    name: Dust storm (PM10)
                    scope: {kinds: [dust_site]}
                    metric: a34002
                    condition: {above: 400}
                    clear: 300
                    for: %s
                    severity: warning
                    routes: [console]
                  - id: outfall-cod
                    name: Outfall COD spike
                    scope: {kinds: [outfall]}
                    metric: w01018
                    condition: {above: 100}
                    clear: 60
                    for: %s
                    severity: critical
                    routes: [console]
                presets:
                  gb3838: {severity: warning, routes: [console], for: %s}
                """, notifier, hold, hold, hold);
    }
}
