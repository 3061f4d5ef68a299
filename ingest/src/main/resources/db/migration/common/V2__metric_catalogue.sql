-- Factor catalogue seeded from HJ 212-2017 (codes), HJ/T 212-2005 (2005 codes) and GB 3838-2002
-- (evaluation decimals). Particulate units are the common field unit (ug/m3); stations that report
-- mg/m3 will get a per-station unit setting.

INSERT INTO metric (id, code, code_2005, name, name_zh, unit, decimals, aliases) VALUES
    (1,  'w01001', '001', 'pH',                   'pH值',       '',       0, '{ph}'),
    (2,  'w01009', NULL,  'Dissolved oxygen',     '溶解氧',     'mg/L',   1, '{do,dissolved_oxygen}'),
    (3,  'w01010', NULL,  'Water temperature',    '水温',       '°C',     1, '{water_temp,wt}'),
    (4,  'w01014', NULL,  'Conductivity',         '电导率',     'uS/cm',  0, '{conductivity,cond,ec}'),
    (5,  'w01003', NULL,  'Turbidity',            '浑浊度',     'NTU',    1, '{turbidity,turb}'),
    (6,  'w01019', NULL,  'Permanganate index',   '高锰酸盐指数', 'mg/L',   1, '{codmn,permanganate_index}'),
    (7,  'w01018', '011', 'COD',                  '化学需氧量',  'mg/L',   1, '{cod,codcr}'),
    (8,  'w01017', '010', 'BOD5',                 '五日生化需氧量', 'mg/L', 1, '{bod5,bod}'),
    (9,  'w21003', '060', 'Ammonia nitrogen',     '氨氮',       'mg/L',   2, '{nh3n,nh3_n,nh3-n,ammonia}'),
    (10, 'w21011', '101', 'Total phosphorus',     '总磷',       'mg/L',   3, '{tp,total_phosphorus}'),
    (11, 'w21001', '065', 'Total nitrogen',       '总氮',       'mg/L',   2, '{tn,total_nitrogen}'),
    (12, 'w01012', '003', 'Suspended solids',     '悬浮物',     'mg/L',   0, '{ss,suspended_solids}'),
    (13, 'w00000', 'B01', 'Flow',                 '流量',       'L/s',    2, '{flow}'),
    (14, 'w01016', NULL,  'Chlorophyll-a',        '叶绿素a',    'ug/L',   2, '{chla,chlorophyll_a}'),
    (15, 'w19011', NULL,  'Algal density',        '藻密度',     'cells/L', 0, '{algae,algal_density}'),
    (16, 'a34001', NULL,  'TSP',                  '总悬浮颗粒物', 'ug/m3',  0, '{tsp}'),
    (17, 'a34002', NULL,  'PM10',                 '可吸入颗粒物', 'ug/m3',  0, '{pm10}'),
    (18, 'a34004', NULL,  'PM2.5',                '细颗粒物',    'ug/m3',  0, '{pm25,pm2_5,pm2.5}'),
    (19, 'a34005', NULL,  'PM1',                  'PM1',        'ug/m3',  0, '{pm1}'),
    (20, 'a01001', NULL,  'Air temperature',      '气温',       '°C',     1, '{air_temp,temperature}'),
    (21, 'a01002', NULL,  'Relative humidity',    '湿度',       '%',      1, '{humidity,rh}'),
    (22, 'a01006', NULL,  'Air pressure',         '气压',       'kPa',    1, '{pressure}'),
    (23, 'a01007', NULL,  'Wind speed',           '风速',       'm/s',    1, '{wind_speed,ws}'),
    (24, 'a01008', NULL,  'Wind direction',       '风向',       '°',      0, '{wind_direction,wd}'),
    (25, 'LA',     NULL,  'Noise level LA',       '噪声',       'dB(A)',  1, '{noise}'),
    (26, 'Leq',    NULL,  'Equivalent noise level', '等效声级',  'dB(A)',  1, '{}'),
    (27, 'Ld',     NULL,  'Day noise level',      '昼间等效声级', 'dB(A)',  1, '{}'),
    (28, 'Ln',     NULL,  'Night noise level',    '夜间等效声级', 'dB(A)',  1, '{}');
