-- Values that break naive copies: numeric without scale and NaN, timestamptz, interval, time with
-- zone, uuid, json and jsonb, arrays with NULLs and quotes, enums, domains, every byte value,
-- NaN and infinities, 4-byte UTF-8, backslashes; and a partitioned table read once through its parent.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN percent AS numeric(5,2) CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE awkward (
  id integer PRIMARY KEY,
  n numeric,
  n30 numeric(30,10),
  ts timestamp(6),
  tstz timestamptz,
  d date,
  t time,
  ttz timetz,
  iv interval,
  u uuid,
  j json,
  jb jsonb,
  ia integer[],
  ta text[],
  b bytea,
  f8 double precision,
  f4 real,
  bo boolean,
  tx text,
  vc varchar(40),
  ch char(5),
  m mood,
  p percent,
  ip inet,
  big bigint,
  small smallint
);
INSERT INTO awkward VALUES (1, 12345678901234567890.123456789012345678901234567890, '12345678901234567890.1234567890',
  '2015-06-05 10:11:12.123456', '2015-06-05 10:11:12.654321+02', '4713-01-01 BC', '23:59:59.999999', '10:00:00+05:30',
  '1 year 2 mons 3 days 04:05:06.789', '123e4567-e89b-12d3-a456-426614174000', '{"a": [1, 2.5, "ü"], "b": null}',
  '{"z": 1, "a": {"k": "v"}}', '{1,NULL,3}', ARRAY['a,b', 'c"d', 'e\f', NULL, ''],
  (SELECT decode(string_agg(lpad(to_hex(g), 2, '0'), ''), 'hex') FROM generate_series(0, 255) g),
  'NaN', 'Infinity', true, E'backslash:\\ quote:'' emoji:😀𝄞 newline:\n tab:\t end', 'O''Neil `tick` "dq" ; DROP TABLE x; --',
  'ab', 'happy', 99.99, '2001:db8::ff00:42:8329/128', 9223372036854775807, -32768);
INSERT INTO awkward VALUES (2, 'NaN', '-0.0000000001', '2015-03-29 02:30:00', '1970-01-01 00:00:00+00', '294276-12-31', '00:00:00',
  '00:00:00-12', '-1 days -00:00:00.000001', '00000000-0000-0000-0000-000000000000', '[]', '[]', '{}', '{}', '', '-Infinity',
  'NaN', false, '', '', '', 'sad', 0, '::1', -9223372036854775808, 32767);
INSERT INTO awkward (id, f8, f4, n) VALUES (3, 1.7976931348623157e308, 1.4e-45, 1e-30);
INSERT INTO awkward (id) VALUES (4);
CREATE TABLE measurement (id integer NOT NULL, taken date NOT NULL, value numeric(8,3), PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken);
CREATE TABLE measurement_2015 PARTITION OF measurement FOR VALUES FROM ('2015-01-01') TO ('2016-01-01');
CREATE TABLE measurement_2016 PARTITION OF measurement FOR VALUES FROM ('2016-01-01') TO ('2017-01-01');
INSERT INTO measurement VALUES (1, '2015-06-05', 1.5), (2, '2016-02-29', -2.25), (3, '2016-12-31', 0);
CREATE TABLE animal (id integer PRIMARY KEY, name text);
CREATE TABLE dog (breed text) INHERITS (animal);
INSERT INTO animal VALUES (1, 'cat');
INSERT INTO dog VALUES (2, 'rex', 'collie');
-- The edges of every type: PostgreSQL's minimum and maximum, year 1 and 1 BC, the Gregorian reform
-- of 1582 (days that the Julian calendar of java.sql would shift), infinities, NaN, -0, the smallest fractions.
CREATE TABLE edges (
  id integer PRIMARY KEY,
  d date,
  ts timestamp(6),
  tstz timestamptz,
  t time,
  ttz timetz,
  iv interval,
  n numeric,
  f8 double precision,
  f4 real,
  i2 smallint,
  i4 integer,
  i8 bigint
);
INSERT INTO edges VALUES
  (1, '4714-11-24 BC', '4713-01-01 00:00:00 BC', '4714-11-24 00:00:00+00 BC', '00:00:00', '00:00:00+15:59', '-178000000 years', '-Infinity',
   '-Infinity', '-Infinity', -32768, -2147483648, -9223372036854775808),
  (2, '5874897-12-31', '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00', '24:00:00', '24:00:00-15:59', '178000000 years', 'Infinity',
   'Infinity', 'Infinity', 32767, 2147483647, 9223372036854775807),
  (3, 'infinity', 'infinity', 'infinity', '23:59:59.999999', '23:59:59.999999+00', '2147483647 days 2562047788:00:54.775807', 'NaN',
   'NaN', 'NaN', 0, 0, 0),
  (4, '-infinity', '-infinity', '-infinity', '00:00:00.000001', '00:00:00.000001-00:01', '-2147483648 days -2562047788:00:54.775807', '-0.000000000000000000000000000001',
   '-0', '-0', -1, -1, -1),
  (5, '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', NULL, NULL, '0.000001 seconds', '0', 4.9e-324, 1.4e-45, 1, 1, 1),
  (6, '0001-12-31 BC', '0001-12-31 23:59:59.999999 BC', '0001-12-31 23:59:59.999999+00 BC', NULL, NULL, '-0.000001 seconds', '1e-1000', 2.2250738585072014e-308, 1.17549435e-38, NULL, NULL, NULL),
  (7, '1582-10-04', '1582-10-04 23:59:59.999999', '1582-10-04 23:59:59.999999+00', NULL, NULL, NULL, '9e999', 1.7976931348623157e308, 3.4028235e38, NULL, NULL, NULL),
  (8, '1582-10-10', '1582-10-10 12:00:00.000001', '1582-10-10 12:00:00.000001+00', NULL, NULL, NULL, NULL, -1.7976931348623157e308, -3.4028235e38, NULL, NULL, NULL),
  (9, '1582-10-15', '1582-10-15 00:00:00', '1582-10-15 00:00:00+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (10, '1000-03-01', '1000-02-28 00:00:00', '0200-03-01 00:00:00+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (11, '1970-01-01', '1969-12-31 23:59:59.999999', '1969-12-31 23:59:59.999999+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (12, '9999-12-31', '9999-12-31 23:59:59.999999', '10000-01-01 00:00:00+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
