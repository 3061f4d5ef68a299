package org.envmon.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringTest {
    @Test
    void parse_decodesNamesAndValues_firstOfARepeatedNameWins() {
        QueryString query = QueryString.parse("station=%E6%B8%85%E6%B0%B4&state=open&state=all&flag");

        assertThat(query.get("station")).hasValue("清水");
        assertThat(query.get("state")).hasValue("open");
        assertThat(query.get("flag")).hasValue("");
        assertThat(query.get("none")).isEmpty();
        assertThat(query.get("none", "x")).isEqualTo("x");
    }

    @Test
    void wholeNumber_fallbackWhenAbsent_emptyWhenNotANumber() {
        QueryString query = QueryString.parse("limit=50&before=12x&big=9223372036854775807");

        assertThat(query.wholeNumber("limit", 1)).hasValue(50L);
        assertThat(query.wholeNumber("absent", 7)).hasValue(7L);
        assertThat(query.wholeNumber("before", 7)).isEmpty();
        assertThat(query.wholeNumber("big", 7)).hasValue(Long.MAX_VALUE);
    }

    @Test
    void parse_aMalformedEscape_isKeptAsSent() {
        assertThat(QueryString.parse("q=100%").get("q")).hasValue("100%");
    }
}
