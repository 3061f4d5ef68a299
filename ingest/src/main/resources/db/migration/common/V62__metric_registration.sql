-- The factor catalogue grows in two ways: the catalogue shipped with the service (catalog/factors.csv,
-- HJ 212-2017 Appendix B and the 2005 codes) is synchronised at every migration, and a factor code a
-- station sends that no catalogue row knows is registered on first sight as an uncatalogued metric
-- (name = code, unit unknown), so its values are stored while the catalogue catches up.

CREATE SEQUENCE metric_id_seq AS smallint START WITH 100 MAXVALUE 32767 OWNED BY metric.id;
-- Past any id an operator gave a metric by hand.
SELECT setval('metric_id_seq', greatest(100, (SELECT max(id) FROM metric)), true);
ALTER TABLE metric ALTER COLUMN id SET DEFAULT nextval('metric_id_seq');
ALTER TABLE metric ALTER COLUMN decimals DROP NOT NULL;
ALTER TABLE metric
    ADD COLUMN category      text,
    ADD COLUMN catalogued    boolean     NOT NULL DEFAULT true,
    ADD COLUMN first_seen_at timestamptz;

COMMENT ON COLUMN metric.decimals IS 'Evaluation decimals (GB 3838 rounding) and display decimals; NULL while unknown (uncatalogued).';
COMMENT ON COLUMN metric.category IS 'water, air, flue_gas, meteorological, particulate, noise, voc, radioactivity, biological or other; NULL while unknown.';
COMMENT ON COLUMN metric.catalogued IS 'false: registered from a station''s data on first sight; complete it with envmon metrics set CODE --name … --unit ….';
COMMENT ON COLUMN metric.first_seen_at IS 'When an uncatalogued metric was registered.';
