-- The revision ledger, version 2, for H2: history queries, and artifact sets kept as deltas.
-- Every vendor has the same tables and columns (db/migration/<vendor>/V2__history.sql); only the types
-- differ.
--
-- Version 1 mapped every artifact of every revision to its content: 10,000 revisions of a 1,000-artifact
-- repository were 10 million rows. Now a revision points to an artifact set, named by the SHA-256 of its
-- sorted (kind, name, content digest) listing, so an unchanged set is stored once; and a set is stored as
-- the entries that differ from a base set (a removed artifact is an entry without content), at most a
-- bounded number of deltas away from a set stored whole. Sets are never changed once written: recording
-- a revision's artifacts again points it to another set. Version 1's revision_artifacts rows are moved
-- into sets by the ledger when it opens (SqlLedger), one revision per transaction; the table stays, empty.

-- A set of artifacts: stored whole (base NULL, depth 0) or as the entries that differ from its base.
CREATE TABLE artifact_sets (
  digest         CHAR(64) NOT NULL PRIMARY KEY,
  base           CHAR(64),
  depth          INTEGER  NOT NULL,
  artifact_count INTEGER  NOT NULL,
  CONSTRAINT artifact_sets_base_fk FOREIGN KEY (base) REFERENCES artifact_sets (digest)
);
-- The entries of a set; digest NULL: the artifact of the base is not in this set.
CREATE TABLE artifact_set_entries (
  set_digest CHAR(64)     NOT NULL,
  kind       VARCHAR(32)  NOT NULL,
  name       VARCHAR(300) NOT NULL,
  digest     CHAR(64),
  CONSTRAINT artifact_set_entries_pk PRIMARY KEY (set_digest, kind, name),
  CONSTRAINT artifact_set_entries_set_fk FOREIGN KEY (set_digest) REFERENCES artifact_sets (digest),
  CONSTRAINT artifact_set_entries_content_fk FOREIGN KEY (digest) REFERENCES artifact_content (digest)
);
CREATE INDEX artifact_set_entries_by_digest ON artifact_set_entries (digest);
-- The artifact set of each revision whose artifacts were recorded, with the revision's observed_seq
-- (which never changes) so that the set recorded before a revision is one index lookup away.
CREATE TABLE revision_artifact_sets (
  revision     VARCHAR(64) NOT NULL PRIMARY KEY,
  set_digest   CHAR(64)    NOT NULL,
  observed_seq BIGINT      NOT NULL,
  CONSTRAINT revision_artifact_sets_revision_fk FOREIGN KEY (revision) REFERENCES revisions (sha),
  CONSTRAINT revision_artifact_sets_set_fk FOREIGN KEY (set_digest) REFERENCES artifact_sets (digest)
);
CREATE INDEX revision_artifact_sets_by_set ON revision_artifact_sets (set_digest);
CREATE UNIQUE INDEX revision_artifact_sets_by_observed ON revision_artifact_sets (observed_seq);

-- What each revision's artifacts changed compared with the revision recorded before it: added, changed
-- or removed. The history query by deployment or gateway looks here.
CREATE TABLE revision_changes (
  revision    VARCHAR(64)  NOT NULL,
  kind        VARCHAR(32)  NOT NULL,
  name        VARCHAR(300) NOT NULL,
  change_type VARCHAR(16)  NOT NULL,
  CONSTRAINT revision_changes_pk PRIMARY KEY (revision, kind, name),
  CONSTRAINT revision_changes_revision_fk FOREIGN KEY (revision) REFERENCES revisions (sha)
);
CREATE INDEX revision_changes_by_artifact ON revision_changes (kind, name, revision);

-- The deployments each action's target names (<deployment>/..., or a comma-separated list of those),
-- kept with the action; the history query by deployment looks here too.
CREATE TABLE action_deployments (
  revision   VARCHAR(64)  NOT NULL,
  seq        INTEGER      NOT NULL,
  deployment VARCHAR(300) NOT NULL,
  CONSTRAINT action_deployments_pk PRIMARY KEY (revision, seq, deployment),
  CONSTRAINT action_deployments_action_fk FOREIGN KEY (revision, seq) REFERENCES actions (revision, seq)
);
CREATE INDEX action_deployments_by_deployment ON action_deployments (deployment, revision);

-- History by status, newest first.
CREATE INDEX revisions_by_status ON revisions (status, observed_seq);

-- Set to 1 once the ledger has moved version 1's artifacts into sets and indexed version 1's actions.
INSERT INTO ledger_counter (name, counter_value) VALUES ('v1-data-converted', 0);
