-- The revision ledger, version 1, for SQL Server 2016 or newer. UNTESTED: no SQL Server can run where
-- this project is built; reviewed by reading only (see drivers/sql/README.md).
-- Every vendor has the same tables and columns (db/migration/<vendor>/V1__ledger.sql); only the types
-- differ. Times are UTC epoch milliseconds (BIGINT) everywhere. Text is NVARCHAR (the JDBC driver sends
-- strings as Unicode, so NVARCHAR keys are compared without conversion); long text is NVARCHAR(MAX).
-- Keys carry a binary collation so that shas, names, tags and event ids compare case-sensitively, as
-- on the other vendors, whatever the database's default collation. Key lengths keep each clustered
-- primary key under SQL Server's 900-byte limit at 2 bytes a character.

-- Orders revision activity (recorded, retried, applied) without trusting clocks; its row lock also
-- serialises writers of revisions.
CREATE TABLE ledger_counter (
  name          NVARCHAR(32) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
  counter_value BIGINT                                       NOT NULL
);
INSERT INTO ledger_counter (name, counter_value) VALUES ('revision-activity', 0);

CREATE TABLE revisions (
  sha           NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
  parent        NVARCHAR(64) COLLATE Latin1_General_100_BIN2,
  author        NVARCHAR(MAX)                                NOT NULL,
  committer     NVARCHAR(MAX)                                NOT NULL,
  message       NVARCHAR(MAX)                                NOT NULL,
  commit_time   BIGINT                                       NOT NULL,
  observed_at   BIGINT                                       NOT NULL,
  status        NVARCHAR(16) COLLATE Latin1_General_100_BIN2 NOT NULL,
  detail        NVARCHAR(MAX)                                NOT NULL,
  finished_at   BIGINT,
  observed_seq  BIGINT                                       NOT NULL,
  attempted_seq BIGINT                                       NOT NULL,
  applied_seq   BIGINT
);
CREATE UNIQUE INDEX revisions_by_observed ON revisions (observed_seq);
CREATE INDEX revisions_by_attempted ON revisions (attempted_seq);
CREATE INDEX revisions_by_applied ON revisions (status, applied_seq);
CREATE INDEX revisions_by_observed_at ON revisions (observed_at);

CREATE TABLE actions (
  revision    NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
  seq         INT                                          NOT NULL,
  type        NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
  target      NVARCHAR(MAX)                                NOT NULL,
  outcome     NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
  detail      NVARCHAR(MAX)                                NOT NULL,
  started_at  BIGINT                                       NOT NULL,
  finished_at BIGINT                                       NOT NULL,
  CONSTRAINT actions_pk PRIMARY KEY (revision, seq),
  CONSTRAINT actions_revision_fk FOREIGN KEY (revision) REFERENCES revisions (sha)
);

-- What the daemon owns; added_in is the revision that first put an item there.
CREATE TABLE inventory (
  kind     NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
  name     NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
  added_in NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,
  CONSTRAINT inventory_pk PRIMARY KEY (kind, name)
);
-- The revision that last saved the inventory: exactly one row.
CREATE TABLE inventory_revision (
  id       INT                                          NOT NULL PRIMARY KEY,
  revision NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
  CONSTRAINT inventory_revision_single CHECK (id = 1)
);
INSERT INTO inventory_revision (id, revision) VALUES (1, '');

-- Artifacts, content-addressed: content stored once per SHA-256 digest, however many revisions hold it.
CREATE TABLE artifact_content (
  digest  NCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
  content NVARCHAR(MAX)                             NOT NULL
);
CREATE TABLE revision_artifacts (
  revision NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,
  kind     NVARCHAR(32)  COLLATE Latin1_General_100_BIN2 NOT NULL,
  name     NVARCHAR(300) COLLATE Latin1_General_100_BIN2 NOT NULL,
  digest   NCHAR(64)     COLLATE Latin1_General_100_BIN2 NOT NULL,
  CONSTRAINT revision_artifacts_pk PRIMARY KEY (revision, kind, name),
  CONSTRAINT revision_artifacts_revision_fk FOREIGN KEY (revision) REFERENCES revisions (sha),
  CONSTRAINT revision_artifacts_content_fk FOREIGN KEY (digest) REFERENCES artifact_content (digest)
);
CREATE INDEX revision_artifacts_by_digest ON revision_artifacts (digest);

-- The events outbox. seq orders events of the same timestamp; tags is a JSON array of strings, and
-- event_tags indexes them (VALUE is a reserved word in H2, hence event_value on every vendor).
CREATE TABLE events (
  id           NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
  seq          BIGINT IDENTITY(1, 1)                         NOT NULL,
  type         NVARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
  event_value  NVARCHAR(MAX)                                 NOT NULL,
  tags         NVARCHAR(MAX)                                 NOT NULL,
  ts           BIGINT                                        NOT NULL,
  delivered_at BIGINT,
  CONSTRAINT events_seq_unique UNIQUE (seq)
);
CREATE INDEX events_by_time ON events (ts, seq);
CREATE INDEX events_pending ON events (delivered_at, ts, seq);
CREATE TABLE event_tags (
  tag      NVARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
  event_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  ts       BIGINT                                        NOT NULL,
  CONSTRAINT event_tags_pk PRIMARY KEY (tag, event_id),
  CONSTRAINT event_tags_event_fk FOREIGN KEY (event_id) REFERENCES events (id)
);
CREATE INDEX event_tags_by_time ON event_tags (tag, ts);
CREATE INDEX event_tags_by_event ON event_tags (event_id);
