package org.envmon.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of the rules file: every refusal names the rule (or notifier) and the field. */
class RulesFileParserTest {
    private final RulesFileParser parser = new RulesFileParser(Map.of("HOOK_SECRET", "s3cret")::get);

    private RuleSet parse(String yaml) {
        return parser.parse(yaml, "test.yaml");
    }

    private static String rule(String body) {
        return "rules:\n  - id: r1\n    metric: w21003\n" + body;
    }

    @Test
    void parse_fullRule_readsEveryField() {
        RuleSet rules = parse("""
                notifiers:
                  - {id: ops, type: webhook, url: "http://127.0.0.1:9/hook", secret: "${HOOK_SECRET}"}
                rules:
                  - id: nh3n-high
                    name: NH3-N high
                    scope: {kinds: [river_section], rivers: [Fu River]}
                    metric: w21003
                    condition: {above: 1.5}
                    clear: 1.3
                    for: 10m
                    window: 15m
                    allowedPerDay: 2
                    severity: critical
                    routes: [ops]
                """);

        assertThat(rules.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo("nh3n-high");
            assertThat(rule.condition()).isEqualTo(new Condition.Above(1.5, 1.3));
            assertThat(rule.holdFor()).isEqualTo(Duration.ofMinutes(10));
            assertThat(rule.window()).contains(Duration.ofMinutes(15));
            assertThat(rule.allowedPerDay()).isEqualTo(2);
            assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(rule.routes()).containsExactly("ops");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            clear above the limit          | '    condition: {above: 1.5}\\n    clear: 1.6\\n'              | rule 'r1': field 'clear'
            two conditions                  | '    condition: {above: 1.5, below: 0.1}\\n'                   | rule 'r1': field 'condition'
            unknown condition               | '    condition: {over: 1.5}\\n'                                | rule 'r1': unknown field 'condition.over'
            unknown rule field              | '    condition: {above: 1.5}\\n    severty: critical\\n'       | rule 'r1': unknown field 'severty'
            bad severity                    | '    condition: {above: 1.5}\\n    severity: urgent\\n'        | rule 'r1': field 'severity'
            bad duration                    | '    condition: {above: 1.5}\\n    for: ten minutes\\n'        | rule 'r1': field 'for'
            window on a flag condition      | '    condition: {flags: [D]}\\n    window: 15m\\n'             | rule 'r1': field 'window'
            unknown flag                    | '    condition: {flags: [D, X]}\\n'                            | rule 'r1': field 'condition.flags[1]'
            outside range reversed          | '    condition: {outside: [9, 6]}\\n'                          | rule 'r1': field 'condition.outside'
            for on noData                   | '    condition: {noData: 30m}\\n    for: 10m\\n'               | rule 'r1': field 'for'
            route to undefined notifier     | '    condition: {above: 1.5}\\n    routes: [nobody]\\n'        | rule 'r1': field 'routes' names notifier 'nobody'
            """)
    void parse_invalidRule_messageNamesRuleAndField(String problem, String body, String expected) {
        String yaml = rule(body.replace("\\n", "\n"));

        assertThatThrownBy(() -> parse(yaml))
                .as(problem)
                .isInstanceOf(RuleException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void parse_duplicateRuleIds_refused() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - {id: same, metric: w01001, condition: {above: 9}}
                  - {id: same, metric: w01001, condition: {below: 6}}
                """))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("rule 'same': the id is used twice");
    }

    @Test
    void parse_missingEnvironmentVariable_namesVariableAndNotifier() {
        assertThatThrownBy(() -> parse("""
                notifiers:
                  - {id: ops, type: webhook, url: "http://127.0.0.1:9/hook", secret: "${NOT_SET_ANYWHERE}"}
                """))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("NOT_SET_ANYWHERE")
                .hasMessageContaining("ops");
    }

    @Test
    void parse_metricMissingOnValueRule_refused() {
        assertThatThrownBy(() -> parse("rules:\n  - {id: r2, condition: {above: 1}}\n"))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("rule 'r2': field 'metric' is required");
    }

    @Test
    void parse_noDataWithoutMetric_accepted() {
        RuleSet rules = parse("rules:\n  - {id: silent, condition: {noData: 30m}}\n");

        assertThat(rules.rules())
                .singleElement()
                .satisfies(
                        rule -> assertThat(rule.condition()).isEqualTo(new Condition.NoData(Duration.ofMinutes(30))));
    }
}
