package org.envmon.ingest.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.hj212.Hj212Content;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.hj212.Hj212Frame;
import org.envmon.ingest.hj212.Hj212Framing;
import org.envmon.ingest.hj212.Hj212ParseException;
import org.envmon.ingest.hj212.Hj212Parser;
import org.envmon.ingest.payload.TimeWindow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * HJ 212 decoding on one core: cutting frames out of a byte stream, and cutting plus CRC check,
 * parsing and mapping to readings. Frames are the dust real-time vector of the standard (372-byte
 * segment, 9 factors). Run: {@code mvn -pl ingest -Pbench verify -DskipTests
 * -Dbench.args="Hj212DecodeBenchmark -f 1 -wi 3 -w 2s -i 5 -r 3s -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Hj212DecodeBenchmark {
    private static final String SEGMENT = "QN=20240601100015000;ST=39;CN=2011;PW=123456;MN=010000A8900016F000169DC1;"
            + "Flag=4;CP=&&DataTime=20240601100000;a34001-Rtd=215.3,a34001-Flag=N;a34002-Rtd=98.1,a34002-Flag=N;"
            + "a34004-Rtd=45.0,a34004-Flag=N;a01001-Rtd=24.5,a01001-Flag=N;a01002-Rtd=61.0,a01002-Flag=N;"
            + "a01007-Rtd=1.8,a01007-Flag=N;a01008-Rtd=135,a01008-Flag=N;a01006-Rtd=101.2,a01006-Flag=N;"
            + "LA-Rtd=62.3,LA-Flag=N&&";
    private static final byte[] FRAME = ("##0372" + SEGMENT + "D4C1\r\n").getBytes(StandardCharsets.US_ASCII);

    private static final StationProfile STATION =
            new StationProfile(1, ZoneId.of("Asia/Shanghai"), Optional.of("123456"), CrcMode.STANDARD);

    private ByteBuf stream;
    private Hj212Decoder decoder;

    @Setup
    public void setUp() {
        stream = Unpooled.wrappedBuffer(FRAME);
        String[] codes = {"a34001", "a34002", "a34004", "a01001", "a01002", "a01007", "a01008", "a01006", "LA"};
        Metric[] metrics = new Metric[codes.length];
        for (int i = 0; i < codes.length; i++) {
            metrics[i] = new Metric((short) (i + 1), codes[i], null, codes[i], "", 1, List.of());
        }
        Clock clock = Clock.fixed(Instant.parse("2024-06-01T02:05:00Z"), ZoneOffset.UTC);
        decoder = new Hj212Decoder(
                new FactorLookup(new MetricCatalog(List.of(metrics)), FactorLookup.UnknownFactors.REGISTER),
                new TimeWindow(clock, Duration.ofMinutes(10), Duration.ofDays(3650)));
    }

    @Benchmark
    public Object frameOnly() {
        stream.readerIndex(0);
        return Hj212Framing.next(stream, false).orElseThrow();
    }

    @Benchmark
    public Hj212Content frameCheckParseMap() throws Hj212ParseException {
        stream.readerIndex(0);
        Hj212Frame frame = (Hj212Frame) Hj212Framing.next(stream, false).orElseThrow();
        return decoder.decode(frame, Hj212Parser.parse(frame.segmentText()), STATION, false);
    }
}
