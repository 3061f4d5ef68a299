package org.envmon.alerting.notify;

import java.util.HashMap;
import java.util.Map;
import org.envmon.alerting.rule.NotifierSpec;

/**
 * The notifiers of the active rules file by id. Replaced by the evaluation thread when the rules change
 * and read by the dispatcher's threads, hence the volatile snapshot.
 */
public final class NotifierRegistry {
    private final NotifierFactory factory;
    private volatile Map<String, Notifier> notifiers = Map.of();

    public NotifierRegistry(NotifierFactory factory) {
        this.factory = factory;
    }

    public void replace(Map<String, NotifierSpec> specs) {
        Map<String, Notifier> built = new HashMap<>();
        specs.forEach((id, spec) -> built.put(id, factory.create(spec)));
        notifiers = Map.copyOf(built);
    }

    public Map<String, Notifier> current() {
        return notifiers;
    }
}
