package org.envmon.ingest.pipeline;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.store.NewFactors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's step that gives values of factor codes the catalogue did not know (decoded at the edge
 * as new factors) the metric their code is registered as, registering each code on first sight. Runs
 * on writer threads, before a batch's transaction.
 */
final class FactorRegistration {
    private static final Logger log = LoggerFactory.getLogger(FactorRegistration.class);

    private final NewFactors newFactors;
    private final IngestMetrics metrics;

    FactorRegistration(NewFactors newFactors, IngestMetrics metrics) {
        this.newFactors = newFactors;
        this.metrics = metrics;
    }

    /**
     * The batch with every value of a new factor code under its registered metric; values whose code
     * cannot be registered (the limit of uncatalogued metrics is reached) are quarantined instead.
     */
    List<IngestRequest> registered(List<IngestRequest> batch) throws SQLException {
        List<IngestRequest> registered = null;
        Map<String, Optional<Short>> ids = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            IngestRequest request = batch.get(i);
            if (!request.hasNewFactors()) {
                continue;
            }
            List<Reading> readings = new ArrayList<>(request.readings().size());
            List<StationAggregate> aggregates =
                    new ArrayList<>(request.aggregates().size());
            Set<String> refused = new TreeSet<>();
            for (Reading r : request.readings()) {
                Optional<Short> id =
                        r.isOfNewFactor() ? metricOf(r.newFactor(), request, ids) : Optional.of(r.metricId());
                id.ifPresentOrElse(
                        metric -> readings.add(r.isOfNewFactor() ? r.withMetric(metric) : r),
                        () -> refused.add(r.newFactor()));
            }
            for (StationAggregate a : request.aggregates()) {
                Optional<Short> id =
                        a.isOfNewFactor() ? metricOf(a.newFactor(), request, ids) : Optional.of(a.metricId());
                id.ifPresentOrElse(
                        metric -> aggregates.add(a.isOfNewFactor() ? a.withMetric(metric) : a),
                        () -> refused.add(a.newFactor()));
            }
            List<Rejection> rejections = refused.isEmpty()
                    ? List.of()
                    : List.of(new Rejection(
                            request.origin(),
                            request.stationCode(),
                            RejectReason.UNKNOWN_METRIC,
                            "factor code(s) " + refused + " not registered: " + NewFactors.MAX_UNCATALOGUED
                                    + " uncatalogued factors exist already (complete them with envmon metrics set);"
                                    + " the message's other values are stored",
                            request.raw(),
                            request.rawSize()));
            if (registered == null) {
                registered = new ArrayList<>(batch);
            }
            registered.set(i, request.withValues(readings, aggregates, rejections));
        }
        return registered == null ? batch : registered;
    }

    private Optional<Short> metricOf(String code, IngestRequest request, Map<String, Optional<Short>> ids)
            throws SQLException {
        Optional<Short> known = ids.get(code);
        if (known != null) {
            return known;
        }
        Optional<NewFactors.Registration> registration = newFactors.register(code);
        if (registration.isPresent() && registration.get().created()) {
            metrics.factorRegistered(request.origin().transport());
            log.info(
                    "New factor code '{}' from station {} registered as uncatalogued metric {}; its values are stored."
                            + " Describe it with: envmon metrics set {} --name … --unit …",
                    code,
                    request.stationCode(),
                    registration.get().metricId(),
                    code);
        } else if (registration.isEmpty()) {
            log.warn(
                    "Factor code '{}' from station {} not registered: {} uncatalogued factors exist already",
                    code,
                    request.stationCode(),
                    NewFactors.MAX_UNCATALOGUED);
        }
        Optional<Short> id = registration.map(NewFactors.Registration::metricId);
        ids.put(code, id);
        return id;
    }
}
