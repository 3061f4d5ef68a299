package org.envmon.simulator.load;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.encode.Hj212Encoder;
import org.envmon.simulator.encode.JsonEncoder;
import org.envmon.simulator.encode.PayloadEncoder;
import org.envmon.simulator.encode.StationIdentity;
import org.envmon.simulator.episode.Episodes;
import org.envmon.simulator.episode.Faults;
import org.envmon.simulator.signal.StationGenerator;
import org.envmon.simulator.transport.DeliveryListener;
import org.envmon.simulator.transport.Envelope;
import org.envmon.simulator.transport.Link;
import org.envmon.simulator.transport.Links;
import org.envmon.simulator.transport.WindowedSender;
import org.envmon.simulator.verify.AckLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan: one scheduler thread issues messages at a fixed rate (message n is due at start + n/rate,
 * whatever the previous sends cost, so a stall is caught up, not stretched), round-robin over the
 * stations, onto a few shared connections with an in-flight cap each. Thousands of stations cost
 * thousands of small objects, not threads. With per-station logins each station needs a connection of its
 * own (the server lets a logged-in station publish only its own topic), and each Paho client brings its
 * threads.
 */
public final class LoadRunner {
    /**
     * Messages waiting to be sent over all connections (beyond each one's in-flight window). About 100 MB
     * of payloads at most: enough to ride out a platform restart at demo rates, while a rate the platform
     * cannot take drops the oldest instead of filling the heap.
     */
    static final int MAX_WAITING = 200_000;

    private static final Logger log = LoggerFactory.getLogger(LoadRunner.class);
    private static final long TICK_MILLIS = 5;
    private static final int CONNECTING_AT_ONCE = 4;

    private final RunPlan plan;
    private final Pacing pacing;
    private final Clock clock;
    private final PrintStream progress;
    private final AckLedger ledger = new AckLedger();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final List<StationFeed> feeds = new ArrayList<>();
    private final List<WindowedSender> senders = new ArrayList<>();
    private LoadStats stats;

    /** @param progress where the live progress line goes; null for none */
    public LoadRunner(RunPlan plan, Clock clock, PrintStream progress) {
        this(plan, Pacing.FIXED_RATE, clock, progress);
    }

    /** @param progress where the live progress line goes; null for none */
    public LoadRunner(RunPlan plan, Pacing pacing, Clock clock, PrintStream progress) {
        this.plan = plan;
        this.pacing = pacing;
        this.clock = clock;
        this.progress = progress;
    }

    public AckLedger ledger() {
        return ledger;
    }

    /** Ends the run early (Ctrl-C, the demo stopping); {@link #run()} then drains and returns. */
    public void stop() {
        stopRequested.countDown();
    }

    /** Connects, sends until the duration is over or {@link #stop()}, waits for acknowledgements, disconnects. */
    public RunSummary run() throws Exception {
        buildFeeds();
        try {
            connect();
        } catch (Exception e) {
            senders.forEach(WindowedSender::close);
            throw e;
        }
        // the clock starts once connected, so connecting is not caught up as a burst
        Instant start = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long startNanos = System.nanoTime();
        stats = new LoadStats(startNanos);
        log.info(
                "{} stations from {}, one sample each every {} ms",
                plan.stations().size(),
                start,
                plan.stationInterval().toMillis());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulator-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        Ticker ticker = new Ticker(start, startNanos);
        try {
            ScheduledFuture<?> ticks =
                    scheduler.scheduleAtFixedRate(ticker::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            if (progress != null) {
                long every = plan.progressInterval().toMillis();
                scheduler.scheduleAtFixedRate(
                        () -> progress.println(stats.progress(System.nanoTime(), startNanos, waiting(), heldBack())),
                        every,
                        every,
                        TimeUnit.MILLISECONDS);
            }
            if (plan.duration().isPresent()) {
                stopRequested.await(plan.duration().get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stopRequested.await();
            }
            ticks.cancel(false);
            scheduler.submit(ticker::finish).get();
            drain(scheduler);
            // disconnecting first freezes the ledger: no acknowledgement can arrive after the summary
            senders.forEach(WindowedSender::close);
            return summary((System.nanoTime() - startNanos) / 1e9);
        } finally {
            scheduler.shutdownNow();
            senders.forEach(WindowedSender::close);
        }
    }

    private void buildFeeds() {
        PayloadEncoder json = new JsonEncoder(plan.zone());
        PayloadEncoder hj212 = new Hj212Encoder(plan.zone(), plan.command(), plan.answer());
        List<Station> stations = plan.stations();
        boolean hj = plan.format() == PayloadFormat.HJ212;
        for (int i = 0; i < stations.size(); i++) {
            Station station = stations.get(i);
            StationIdentity identity =
                    new StationIdentity(plan.wireCode(i), station.kind(), plan.password(), plan.dialect2005(i));
            Episodes episodes = new Episodes(
                    plan.scriptedEpisodes().getOrDefault(station.code(), List.of()),
                    StationGenerator.typicalEpisodeIntervals(station),
                    plan.episodeRate());
            Faults faults = new Faults(
                    plan.scriptedFaults().getOrDefault(station.code(), List.of()),
                    Duration.ofDays(2),
                    plan.faultRate());
            StationGenerator generator = StationGenerator.create(station, plan.seed(), plan.zone(), episodes, faults);
            feeds.add(new StationFeed(generator, identity, hj ? hj212 : json));
        }
    }

    private void connect() throws Exception {
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void acked(Envelope envelope, long publishNanos) {
                StationFeed.Delivery delivery = (StationFeed.Delivery) envelope.tag();
                stats.latency(publishNanos);
                stats.acked.increment();
                ledger.acked(delivery.stationCode(), delivery.observations());
                stats.ackedReadings.add(delivery.observations().stream()
                        .mapToLong(o -> o.values().size())
                        .sum());
            }

            @Override
            public void retrying(Envelope envelope, Throwable cause) {
                stats.retries.increment();
                log.debug("retrying {}: {}", envelope.topic(), cause.getMessage());
            }

            @Override
            public void dropped(Envelope envelope) {
                if (stats.dropped.sum() == 0) {
                    log.warn(
                            "Send queue full ({} messages waiting over all connections): dropping the oldest; the"
                                    + " platform is away or slower than --rate",
                            MAX_WAITING);
                }
                stats.dropped.increment();
            }
        };
        String runId = Long.toString(System.nanoTime() % 1_000_000, 36);
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < plan.links(); i++) {
            String name = String.format(Locale.ROOT, "envmon-sim-%s-%d", runId, i);
            links.add(
                    plan.transport() == TransportKind.MQTT
                            ? Links.mqtt(plan.mqttOfLink(i), name, plan.maxInFlight())
                            : Links.hj212Tcp(plan.tcpTarget().orElseThrow(), Duration.ofSeconds(10), name));
        }
        // senders are created before connecting, so a failed start closes every link it opened
        int waitingPerLink = Math.max(plan.maxInFlight(), MAX_WAITING / links.size());
        links.forEach(link -> senders.add(new WindowedSender(link, plan.maxInFlight(), waitingPerLink, listener)));
        connectAll(links);
    }

    /**
     * Connects a few links at a time: with per-station logins every connection waits for a password check
     * on the server, and one after the other would take a run of thousands of stations minutes to start.
     */
    private void connectAll(List<Link> links) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CONNECTING_AT_ONCE, links.size()), runnable -> {
            Thread thread = new Thread(runnable, "simulator-connect");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> connecting = new ArrayList<>();
            for (int i = 0; i < links.size(); i++) {
                Link link = links.get(i);
                String login = plan.credentials().isPresent() ? "station " + plan.wireCode(i) : "connection " + i;
                connecting.add(pool.submit(() -> {
                    try {
                        link.connect();
                    } catch (Exception e) {
                        throw new ConnectFailed(login + " could not connect to " + target() + ": " + e.getMessage(), e);
                    }
                    return null;
                }));
            }
            for (Future<?> future : connecting) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String target() {
        return plan.transport() == TransportKind.MQTT
                ? plan.mqtt().target().toString()
                : plan.tcpTarget().orElseThrow().toString();
    }

    private void drain(ScheduledExecutorService scheduler) throws InterruptedException {
        long deadline = System.nanoTime() + plan.drainTimeout().toNanos();
        while (System.nanoTime() < deadline && stats.acked.sum() < stats.sent.sum()) {
            scheduler.submit(() -> senders.forEach(WindowedSender::drain));
            Thread.sleep(20);
        }
    }

    private RunSummary summary(double seconds) {
        Histogram latency = stats.finish();
        long sent = stats.sent.sum();
        long acked = stats.acked.sum();
        return new RunSummary(
                seconds,
                plan.stations().size(),
                plan.transport().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                plan.format().name().toLowerCase(Locale.ROOT),
                plan.mqtt() == null ? -1 : plan.mqtt().qos(),
                sent,
                acked,
                stats.ackedReadings.sum(),
                stats.retries.sum(),
                stats.dropped.sum(),
                sent - acked,
                LoadStats.millis(latency, 50),
                LoadStats.millis(latency, 90),
                LoadStats.millis(latency, 99),
                LoadStats.millis(latency, 100),
                Optional.empty());
    }

    private int waiting() {
        return senders.stream().mapToInt(WindowedSender::waiting).sum();
    }

    private int heldBack() {
        return feeds.stream().mapToInt(StationFeed::heldBack).sum();
    }

    /** A link could not be opened at the start of a run (refused login, nothing listening, TLS trouble). */
    public static final class ConnectFailed extends Exception {
        ConnectFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Issues due messages; runs only on the scheduler thread. */
    private final class Ticker {
        private final Instant start;
        private final long startNanos;
        private long issued;

        Ticker(Instant start, long startNanos) {
            this.start = start;
            this.startNanos = startNanos;
        }

        void tick() {
            try {
                long due = pacing == Pacing.SATURATE
                        ? issued + Math.max(0, senders.size() * (long) plan.maxInFlight() - waiting())
                        : (long) ((System.nanoTime() - startNanos) / 1e9 * plan.rate());
                for (; issued < due; issued++) {
                    int index = (int) (issued % feeds.size());
                    long round = issued / feeds.size();
                    Instant time = sampleTime(index, round);
                    send(index, feeds.get(index).sampleAt(time));
                }
                senders.forEach(WindowedSender::drain);
            } catch (RuntimeException e) {
                log.error("scheduler tick failed", e);
            }
        }

        /** Station {@code index}'s sample {@code round}, spaced one station interval apart from the start. */
        private Instant sampleTime(int index, long round) {
            if (pacing == Pacing.SATURATE) {
                return start.truncatedTo(ChronoUnit.SECONDS)
                        .minus(Duration.ofDays(1))
                        .plusSeconds(round);
            }
            long nanos = Math.round((round * (double) feeds.size() + index) * 1e9 / plan.rate());
            Instant time = start.plusNanos(nanos);
            return plan.format() == PayloadFormat.HJ212
                    ? time.truncatedTo(ChronoUnit.SECONDS)
                    : time.truncatedTo(ChronoUnit.MILLIS);
        }

        /** The run is over: stations still offline come back and send what they kept. */
        void finish() {
            for (int i = 0; i < feeds.size(); i++) {
                send(i, feeds.get(i).flush());
            }
        }

        private void send(int index, List<Envelope> envelopes) {
            WindowedSender sender = senders.get(index % senders.size());
            for (Envelope envelope : envelopes) {
                stats.sent.increment();
                sender.submit(envelope);
            }
        }
    }
}
