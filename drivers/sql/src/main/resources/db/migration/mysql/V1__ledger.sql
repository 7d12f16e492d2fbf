-- The revision ledger, version 1, for MySQL 8 and MariaDB 10.5 or newer (InnoDB).
-- Every vendor has the same tables and columns (db/migration/<vendor>/V1__ledger.sql); only the types
-- differ. Times are UTC epoch milliseconds (BIGINT) everywhere. Long text is MEDIUMTEXT (16 MB; an
-- artifact file is at most 4 MB); keys are bounded VARCHARs whose lengths SqlLedger checks before it
-- writes. Every table is utf8mb4 with the binary collation: shas, names, tags and event ids compare
-- case-sensitively, as on the other vendors (the default collations would make 'A' and 'a' one key).
-- Key lengths stay under InnoDB's 3072-byte index limit at 4 bytes a character. Primary keys are
-- unnamed: MySQL names every primary key PRIMARY.

-- Orders revision activity (recorded, retried, applied) without trusting clocks; its row lock also
-- serialises writers of revisions.
CREATE TABLE ledger_counter (
  name          VARCHAR(32) NOT NULL PRIMARY KEY,
  counter_value BIGINT      NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
INSERT INTO ledger_counter (name, counter_value) VALUES ('revision-activity', 0);

CREATE TABLE revisions (
  sha           VARCHAR(64) NOT NULL PRIMARY KEY,
  parent        VARCHAR(64),
  author        MEDIUMTEXT  NOT NULL,
  committer     MEDIUMTEXT  NOT NULL,
  message       MEDIUMTEXT  NOT NULL,
  commit_time   BIGINT      NOT NULL,
  observed_at   BIGINT      NOT NULL,
  status        VARCHAR(16) NOT NULL,
  detail        MEDIUMTEXT  NOT NULL,
  finished_at   BIGINT,
  observed_seq  BIGINT      NOT NULL,
  attempted_seq BIGINT      NOT NULL,
  applied_seq   BIGINT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE UNIQUE INDEX revisions_by_observed ON revisions (observed_seq);
CREATE INDEX revisions_by_attempted ON revisions (attempted_seq);
CREATE INDEX revisions_by_applied ON revisions (status, applied_seq);
CREATE INDEX revisions_by_observed_at ON revisions (observed_at);

CREATE TABLE actions (
  revision    VARCHAR(64) NOT NULL,
  seq         INTEGER     NOT NULL,
  type        VARCHAR(64) NOT NULL,
  target      MEDIUMTEXT  NOT NULL,
  outcome     VARCHAR(64) NOT NULL,
  detail      MEDIUMTEXT  NOT NULL,
  started_at  BIGINT      NOT NULL,
  finished_at BIGINT      NOT NULL,
  PRIMARY KEY (revision, seq),
  CONSTRAINT actions_revision_fk FOREIGN KEY (revision) REFERENCES revisions (sha)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- What the daemon owns; added_in is the revision that first put an item there.
CREATE TABLE inventory (
  kind     VARCHAR(16)  NOT NULL,
  name     VARCHAR(400) NOT NULL,
  added_in VARCHAR(64)  NOT NULL,
  PRIMARY KEY (kind, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- The revision that last saved the inventory: exactly one row.
CREATE TABLE inventory_revision (
  id       INTEGER     NOT NULL PRIMARY KEY,
  revision VARCHAR(64) NOT NULL,
  CONSTRAINT inventory_revision_single CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
INSERT INTO inventory_revision (id, revision) VALUES (1, '');

-- Artifacts, content-addressed: content stored once per SHA-256 digest, however many revisions hold it.
CREATE TABLE artifact_content (
  digest  CHAR(64)   NOT NULL PRIMARY KEY,
  content MEDIUMTEXT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE TABLE revision_artifacts (
  revision VARCHAR(64)  NOT NULL,
  kind     VARCHAR(32)  NOT NULL,
  name     VARCHAR(300) NOT NULL,
  digest   CHAR(64)     NOT NULL,
  PRIMARY KEY (revision, kind, name),
  CONSTRAINT revision_artifacts_revision_fk FOREIGN KEY (revision) REFERENCES revisions (sha),
  CONSTRAINT revision_artifacts_content_fk FOREIGN KEY (digest) REFERENCES artifact_content (digest)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX revision_artifacts_by_digest ON revision_artifacts (digest);

-- The events outbox. seq orders events of the same timestamp; tags is a JSON array of strings, and
-- event_tags indexes them (VALUE is a reserved word in H2, hence event_value on every vendor).
CREATE TABLE events (
  id           VARCHAR(128) NOT NULL PRIMARY KEY,
  seq          BIGINT       NOT NULL AUTO_INCREMENT,
  type         VARCHAR(255) NOT NULL,
  event_value  MEDIUMTEXT   NOT NULL,
  tags         MEDIUMTEXT   NOT NULL,
  ts           BIGINT       NOT NULL,
  delivered_at BIGINT,
  CONSTRAINT events_seq_unique UNIQUE (seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX events_by_time ON events (ts, seq);
CREATE INDEX events_pending ON events (delivered_at, ts, seq);
CREATE TABLE event_tags (
  tag      VARCHAR(255) NOT NULL,
  event_id VARCHAR(128) NOT NULL,
  ts       BIGINT       NOT NULL,
  PRIMARY KEY (tag, event_id),
  CONSTRAINT event_tags_event_fk FOREIGN KEY (event_id) REFERENCES events (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX event_tags_by_time ON event_tags (tag, ts);
CREATE INDEX event_tags_by_event ON event_tags (event_id);
