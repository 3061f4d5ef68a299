-- GB 3838 evaluation of river sections over a period: per-factor period means (N-flag readings
-- only, pH averaged through H+), the section's class (worst evaluated factor), target met, the
-- main exceeding factor and its multiple, and the compliance rate (达标率) per day, month and
-- quarter with the shares of sections in I–III (优良比例) and in 劣V.
-- p_stations, where a function takes it, limits the evaluation to those station ids (NULL = all).

-- Period means of each evaluated factor of each active river section, with class and exceedance.
-- pH: −log10(mean(10^−pH)), kept to 10 decimals so floating error cannot move a .5 boundary.
CREATE FUNCTION gb3838_section_factors(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL)
RETURNS TABLE (station_id integer, factor_code text, mean_value numeric, samples bigint,
               water_class smallint, exceedance numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH means AS (
        SELECT r.station_id, m.code AS factor_code, s.water_body, s.target_class,
               CASE WHEN m.code = 'w01001'
                    THEN round((-log(avg(power(10::double precision, -r.value))))::numeric, 10)
                    ELSE avg(r.value::numeric)
               END AS raw_mean,
               count(*) AS samples
        FROM reading r
        JOIN station s ON s.id = r.station_id
        JOIN metric m ON m.id = r.metric_id
        WHERE r.time >= p_from AND r.time < p_to
          AND r.flag = 'N'
          AND s.kind = 'river_section' AND s.active
          AND (p_stations IS NULL OR s.id = ANY (p_stations))
          AND EXISTS (SELECT 1 FROM gb3838_limit l WHERE l.factor_code = m.code AND l.water_body = s.water_body)
        GROUP BY r.station_id, m.code, s.water_body, s.target_class
    )
    SELECT station_id, factor_code,
           gb3838_round(factor_code, raw_mean),
           samples,
           gb3838_value_class(factor_code, water_body, raw_mean),
           gb3838_exceedance(factor_code, water_body, raw_mean, target_class)
    FROM means
$$;

-- A section's class over a period: the worst class of its evaluated factors (single-factor
-- evaluation). The main exceeding factor is the one with the largest multiple over the target
-- (ties: worse class, then factor code); NULL when the target is met or not set.
CREATE FUNCTION gb3838_section_class(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL)
RETURNS TABLE (station_id integer, water_class smallint, target_class smallint, target_met boolean,
               main_factor text, main_exceedance numeric, factors_evaluated integer)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT f.station_id,
           max(f.water_class),
           s.target_class,
           max(f.water_class) <= s.target_class,
           (array_agg(f.factor_code ORDER BY f.exceedance DESC, f.water_class DESC, f.factor_code)
                FILTER (WHERE f.exceedance IS NOT NULL))[1],
           (array_agg(f.exceedance ORDER BY f.exceedance DESC, f.water_class DESC, f.factor_code)
                FILTER (WHERE f.exceedance IS NOT NULL))[1],
           count(*)::integer
    FROM gb3838_section_factors(p_from, p_to, p_stations) f
    JOIN station s ON s.id = f.station_id
    GROUP BY f.station_id, s.target_class
$$;

-- One period's headline figures. Shares are over the sections evaluated; the compliance rate is
-- over those of them that have a target class. Fractions (0–1), half-to-even to 4 decimals.
CREATE FUNCTION gb3838_period_summary(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL)
RETURNS TABLE (sections_evaluated integer, sections_with_target integer, sections_met integer,
               compliance_rate numeric, share_i_iii numeric, share_worse_v numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT count(*)::integer,
           count(target_class)::integer,
           count(*) FILTER (WHERE target_met)::integer,
           round_half_even(count(*) FILTER (WHERE target_met)::numeric / nullif(count(target_class), 0), 4),
           round_half_even(count(*) FILTER (WHERE water_class <= 3)::numeric / nullif(count(*), 0), 4),
           round_half_even(count(*) FILTER (WHERE water_class = 6)::numeric / nullif(count(*), 0), 4)
    FROM gb3838_section_class(p_from, p_to, p_stations)
$$;

-- Local calendar periods ('day' or 'month' of p_timezone) that overlap [p_from, p_to).
CREATE FUNCTION calendar_periods(p_grain text, p_from timestamptz, p_to timestamptz, p_timezone text DEFAULT '${timezone}')
RETURNS TABLE (period_start timestamptz, period_end timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT g AT TIME ZONE p_timezone, (g + ('1 ' || p_grain)::interval) AT TIME ZONE p_timezone
    FROM generate_series(date_trunc(p_grain, p_from AT TIME ZONE p_timezone),
                         p_to AT TIME ZONE p_timezone,
                         ('1 ' || p_grain)::interval) AS g
    WHERE g AT TIME ZONE p_timezone < p_to
$$;

-- Compliance per calendar day, month or quarter. Days and months are evaluated on their own
-- period means; a quarter's figures are the means of its months' figures (months without any
-- evaluated section do not count), and its section counts are section-months.
CREATE FUNCTION gb3838_compliance(p_grain text, p_from timestamptz, p_to timestamptz,
                                  p_stations integer[] DEFAULT NULL, p_timezone text DEFAULT '${timezone}')
RETURNS TABLE (period_start timestamptz, period_end timestamptz, sections_evaluated integer,
               sections_met integer, compliance_rate numeric, share_i_iii numeric, share_worse_v numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF p_grain IN ('day', 'month') THEN
        RETURN QUERY
        SELECT p.period_start, p.period_end, s.sections_evaluated, s.sections_met,
               s.compliance_rate, s.share_i_iii, s.share_worse_v
        FROM calendar_periods(p_grain, p_from, p_to, p_timezone) p
        CROSS JOIN LATERAL gb3838_period_summary(p.period_start, p.period_end, p_stations) s
        WHERE s.sections_evaluated > 0;
    ELSIF p_grain = 'quarter' THEN
        RETURN QUERY
        SELECT q.q_start AT TIME ZONE p_timezone, (q.q_start + INTERVAL '3 months') AT TIME ZONE p_timezone,
               sum(s.sections_evaluated)::integer, sum(s.sections_met)::integer,
               round_half_even(avg(s.compliance_rate), 4),
               round_half_even(avg(s.share_i_iii), 4),
               round_half_even(avg(s.share_worse_v), 4)
        FROM (SELECT date_trunc('quarter', p_from AT TIME ZONE p_timezone) AS first_q) AS b
        CROSS JOIN LATERAL calendar_periods('month', b.first_q AT TIME ZONE p_timezone, p_to, p_timezone) m
        CROSS JOIN LATERAL (SELECT date_trunc('quarter', m.period_start AT TIME ZONE p_timezone) AS q_start) AS q
        CROSS JOIN LATERAL gb3838_period_summary(m.period_start, m.period_end, p_stations) s
        WHERE s.sections_evaluated > 0
        GROUP BY q.q_start
        ORDER BY q.q_start;
    ELSE
        RAISE EXCEPTION 'grain must be day, month or quarter, not %', p_grain;
    END IF;
END
$$;
