-- Names Delta refuses as they are: punctuation and spaces, names equal ignoring case, snapshot_date.
CREATE TABLE "order lines" (
  id integer PRIMARY KEY,
  "unit price" numeric(10,2),
  "a,b;c{d}(e)=f" text,
  "ID2" integer,
  "id2" integer,
  snapshot_date date,
  "Tab	Name" text
);
INSERT INTO "order lines" VALUES (1, 9.99, 'punct', 10, 20, '2015-06-05', 'tab'), (2, 0.5, NULL, 11, 21, NULL, NULL);
CREATE TABLE "T" (id integer PRIMARY KEY, label text);
CREATE TABLE t (id integer PRIMARY KEY, label text, "T id" integer REFERENCES "T" (id));
INSERT INTO "T" VALUES (1, 'upper one'), (2, 'upper two');
INSERT INTO t VALUES (1, 'lower one', 2), (5, 'lower five', NULL);
