package org.envmon.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StationCredentialsTest {
    private static StationCredentials parse(String csv) throws IOException {
        return StationCredentials.parse(new StringReader(csv), "logins.csv");
    }

    private static String passwordOf(StationCredentials credentials, String code) {
        return new String(credentials.passwordOf(code).orElseThrow());
    }

    @Test
    void parse_passwdCsvOutput_passwordOfEachStation() throws IOException {
        StationCredentials credentials = parse("""
                \uFEFFcode,password
                RS01,nP3x-Qd_0aZ1bY2cX3dW4eV5fU6gT7hS

                010000A8900016F000169DC0,second
                """);
        assertThat(credentials.size()).isEqualTo(2);
        assertThat(passwordOf(credentials, "RS01")).isEqualTo("nP3x-Qd_0aZ1bY2cX3dW4eV5fU6gT7hS");
        assertThat(passwordOf(credentials, "010000A8900016F000169DC0")).isEqualTo("second");
        assertThat(credentials.passwordOf("RS02")).isEmpty();
    }

    @Test
    void parse_passwordWithCommas_everythingAfterTheFirstCommaKept() throws IOException {
        StationCredentials credentials = parse("code,password\nDS01,a,b, c\n");
        assertThat(passwordOf(credentials, "DS01")).isEqualTo("a,b, c");
    }

    @Test
    void parse_otherHeader_failsNamingTheExpectedOne() {
        assertThatThrownBy(() -> parse("station,secret\nRS01,x\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logins.csv line 1")
                .hasMessageContaining("code,password");
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logins.csv is empty");
    }

    @Test
    void parse_badRows_everyProblemNamedWithItsLine() {
        assertThatThrownBy(() -> parse("""
                code,password
                RS01,fine
                RS02
                RS03,
                ,orphan
                RS01,again
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3: expected code,password")
                .hasMessageContaining("line 4: expected code,password")
                .hasMessageContaining("line 5: expected code,password")
                .hasMessageContaining("line 6: station RS01 appears twice");
    }

    @Test
    void requireAll_stationsWithoutPassword_failsNamingThem() throws IOException {
        StationCredentials credentials = parse("code,password\nRS01,a\nRS03,c\n");
        credentials.requireAll(List.of("RS01", "RS03"));
        assertThatThrownBy(() -> credentials.requireAll(List.of("RS01", "RS02", "RS03", "RS04")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 station(s)")
                .hasMessageContaining("logins.csv")
                .hasMessageContaining("RS02, RS04")
                .hasMessageNotContaining("RS01")
                .hasMessageNotContaining("RS03");
    }

    @Test
    void requireAll_manyMissing_namesTheFirstTenAndCountsTheRest() throws IOException {
        StationCredentials credentials = parse("code,password\n");
        List<String> codes = IntStream.rangeClosed(1, 25)
                .mapToObj(i -> String.format("S%02d", i))
                .toList();
        assertThatThrownBy(() -> credentials.requireAll(codes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("25 station(s)")
                .hasMessageContaining("S01, S02")
                .hasMessageContaining("S10")
                .hasMessageNotContaining("S11")
                .hasMessageContaining("and 15 more");
    }
}
