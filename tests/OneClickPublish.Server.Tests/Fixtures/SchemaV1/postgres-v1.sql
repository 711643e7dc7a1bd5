-- The schema of commit 2abf6ed (SqlMetadataStore.Schema, before schema versions), copied statement by
-- statement from that commit's source, then the rows of data/metadata.db: a PostgreSQL database as
-- that server left it. Run as one script.

CREATE TABLE IF NOT EXISTS api_keys (
id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, hash TEXT NOT NULL,
created_at TEXT NOT NULL, revoked_at TEXT NULL);

CREATE UNIQUE INDEX IF NOT EXISTS ux_api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;

CREATE TABLE IF NOT EXISTS extensions (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, active_version TEXT NULL);

CREATE TABLE IF NOT EXISTS versions (
name_key TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT NOT NULL, published_at TEXT NOT NULL,
published_by TEXT NOT NULL, deployment_path TEXT NOT NULL, definition TEXT NOT NULL,
PRIMARY KEY (name_key, version));

CREATE TABLE IF NOT EXISTS version_files (
name_key TEXT NOT NULL, version TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, size BIGINT NOT NULL,
PRIMARY KEY (name_key, version, path));

CREATE TABLE IF NOT EXISTS history (
id TEXT PRIMARY KEY, name_key TEXT NOT NULL, time TEXT NOT NULL, action TEXT NOT NULL,
version TEXT NOT NULL, previous_version TEXT NULL, by_key TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS operations (
id TEXT PRIMARY KEY, name_key TEXT NOT NULL, extension TEXT NOT NULL, version TEXT NOT NULL,
upload_id TEXT NOT NULL, sha256 TEXT NOT NULL, state TEXT NOT NULL, stage TEXT NOT NULL,
created_at TEXT NOT NULL, finished_at TEXT NULL, created_by TEXT NOT NULL, node TEXT NOT NULL,
deployment_path TEXT NULL);

CREATE UNIQUE INDEX IF NOT EXISTS ux_operations_one_unfinished ON operations (name_key) WHERE state IN ('queued', 'running');

CREATE TABLE IF NOT EXISTS operation_log (
operation_id TEXT NOT NULL, sequence BIGINT NOT NULL, kind TEXT NOT NULL, stage TEXT NULL, status TEXT NULL,
code TEXT NULL, message TEXT NULL, details TEXT NULL, location TEXT NULL, duration_ms BIGINT NULL, time TEXT NOT NULL,
PRIMARY KEY (operation_id, sequence));

INSERT INTO api_keys (id, name, scope, hash, created_at, revoked_at) VALUES ('fb9f2033f702ff34', 'initial', 'publish', 'f5d95f74cedb60a6109c51821436542888609e80adc61850a518877ade015449', '2026-12-03T12:38:42.5242714Z', NULL);
INSERT INTO api_keys (id, name, scope, hash, created_at, revoked_at) VALUES ('eb2a5bf1517cdc2b', 'reader', 'read', 'b3fb1f6541ce593c219ffe04e2b99efae8edf47892344c40c6104291a184cc07', '2026-12-03T12:38:42.7589399Z', NULL);
INSERT INTO api_keys (id, name, scope, hash, created_at, revoked_at) VALUES ('27298642f076b92f', 'boss', 'admin', 'c52d24d2dd02192e1bc31f9c9150e8eef249e8a2bd4f7a5bddafd30938f9da00', '2026-12-03T12:38:42.7603220Z', NULL);
INSERT INTO api_keys (id, name, scope, hash, created_at, revoked_at) VALUES ('a73a834ff29d2697', 'old-ci', 'publish', 'dfdd38e5e73b9af3d8a0a4edeeb2e9e07fd12b8f7a1c63234da11a306404cbec', '2026-12-03T12:38:42.7686147Z', '2026-12-03T12:38:42.7748490Z');

INSERT INTO extensions (name_key, name, active_version) VALUES ('geo', 'Geo', '1.0.0');
INSERT INTO extensions (name_key, name, active_version) VALUES ('maps', 'Maps', '2.0.0');

INSERT INTO versions (name_key, version, sha256, published_at, published_by, deployment_path, definition) VALUES ('geo', '1.0.0', '186f1e3e0a0540d9ee5d2709ef9e89a54d85be7e779462d9946ce9692685f57c', '2026-12-03T12:38:43.2714928Z', 'initial', '/tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Geo/1.0.0', '<?xml version="1.0" encoding="utf-8"?>
<Extension xmlns="urn:oneclickpublish:extension:v1" Name="Geo" Version="1.0.0" Namespace="Geo" Description="A test extension.">
  <Actions>
    <Action Name="SayHello" Key="act-sayhello" Description="Greets.">
      <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." />
      <Input Name="Times" DataType="Integer" Description="How often." />
      <Output Name="Greeting" DataType="Text" Description="The greeting." />
    </Action>
  </Actions>
  <Structures>
    <Structure Name="Person" Key="str-person" Description="A person.">
      <Attribute Name="Name" DataType="Text" Mandatory="true" Length="100" Description="Full name." />
    </Structure>
  </Structures>
</Extension>');
INSERT INTO versions (name_key, version, sha256, published_at, published_by, deployment_path, definition) VALUES ('geo', '1.1.0', '2c58c89112177e22c03bd555dcfea7a1190e5bfd032fa127cf0e04193be6c202', '2026-12-03T12:38:43.3213070Z', 'initial', '/tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Geo/1.1.0', '<?xml version="1.0" encoding="utf-8"?>
<Extension xmlns="urn:oneclickpublish:extension:v1" Name="Geo" Version="1.1.0" Namespace="Geo" Description="A test extension.">
  <Actions>
    <Action Name="SayHello" Key="act-sayhello" Description="Greets.">
      <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." />
      <Input Name="Times" DataType="Integer" Description="How often." />
      <Output Name="Greeting" DataType="Text" Description="The greeting." />
    </Action>    <Action Name="Distance" Key="act-distance" Description="Kilometres.">
      <Output Name="Km" DataType="Decimal" Description="The distance." />
    </Action>
  </Actions>
  <Structures>
    <Structure Name="Person" Key="str-person" Description="A person.">
      <Attribute Name="Name" DataType="Text" Mandatory="true" Length="100" Description="Full name." />
    </Structure>
  </Structures>
</Extension>');
INSERT INTO versions (name_key, version, sha256, published_at, published_by, deployment_path, definition) VALUES ('maps', '2.0.0', '7faf04d2a1c4054dca8080451053519edbb49987ad60e18e5944759cdc3f9c6c', '2026-12-03T12:38:43.4067026Z', 'initial', '/tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Maps/2.0.0', '<?xml version="1.0" encoding="utf-8"?>
<Extension xmlns="urn:oneclickpublish:extension:v1" Name="Maps" Version="2.0.0" Namespace="Maps" Description="A test extension.">
  <Actions>
    <Action Name="SayHello" Key="act-sayhello" Description="Greets.">
      <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." />
      <Input Name="Times" DataType="Integer" Description="How often." />
      <Output Name="Greeting" DataType="Text" Description="The greeting." />
    </Action>
  </Actions>
  <Structures>
    <Structure Name="Person" Key="str-person" Description="A person.">
      <Attribute Name="Name" DataType="Text" Mandatory="true" Length="100" Description="Full name." />
    </Structure>
  </Structures>
</Extension>');

INSERT INTO version_files (name_key, version, path, sha256, size) VALUES ('geo', '1.0.0', 'extension.xml', '232f46c092826730e7556eff4aaa6207cd14723938efdda1bda11172fc504173', 746);
INSERT INTO version_files (name_key, version, path, sha256, size) VALUES ('geo', '1.0.0', 'bin/Geo.dll', '15f4dcf0909f3c5241e2d5f0e690f304eeba0a7d6850757ca348d51a3b3d4c94', 9);
INSERT INTO version_files (name_key, version, path, sha256, size) VALUES ('geo', '1.0.0', 'bin/Shared.dll', '5e294e8ac9eb5ee282721eaedfe4933f791c7982e4b0ea1ad487c9de283ca5a9', 20);
INSERT INTO version_files (name_key, version, path, sha256, size) VALUES ('geo', '1.1.0', 'extension.xml', '7179a12c9a57972db2369bd364ca7537b48aa572974d6867d2d4a852594a2196', 907);
INSERT INTO version_files (name_key, version, path, sha256, size) VALUES ('geo', '1.1.0', 'bin/Geo.dll', '05760b06b71526746fa9a6b340b980ee9dfd005e7aeed41c8b8d4c3c883fed26', 9);
INSERT INTO version_files (name_key, version, path, sha256, size) VALUES ('geo', '1.1.0', 'bin/Shared.dll', '5e294e8ac9eb5ee282721eaedfe4933f791c7982e4b0ea1ad487c9de283ca5a9', 20);
INSERT INTO version_files (name_key, version, path, sha256, size) VALUES ('maps', '2.0.0', 'extension.xml', 'ef2dccf7a18d30c67fff1e1e06c6b9dbee03ecfcfdfe475178478758eb36aecb', 748);
INSERT INTO version_files (name_key, version, path, sha256, size) VALUES ('maps', '2.0.0', 'bin/Maps.dll', '3bf4f6a2e5ae1bc859ceabfacc0e86e60fee0db27e19c208dccdaf73074a1dd6', 10);

INSERT INTO history (id, name_key, time, action, version, previous_version, by_key) VALUES ('01a23bea09477a2c8093dd9261c407a1', 'geo', '2026-12-03T12:38:43.2714928Z', 'publish', '1.0.0', NULL, 'initial');
INSERT INTO history (id, name_key, time, action, version, previous_version, by_key) VALUES ('01a23bea0979752b96ec1bc8acb5159a', 'geo', '2026-12-03T12:38:43.3213070Z', 'publish', '1.1.0', '1.0.0', 'initial');
INSERT INTO history (id, name_key, time, action, version, previous_version, by_key) VALUES ('01a23bea098e78058a3e0e9d2afec1bd', 'geo', '2026-12-03T12:38:43.3427650Z', 'rollback', '1.0.0', '1.1.0', 'initial');
INSERT INTO history (id, name_key, time, action, version, previous_version, by_key) VALUES ('01a23bea09ce7e49928269d9cd1ba295', 'maps', '2026-12-03T12:38:43.4067026Z', 'publish', '2.0.0', NULL, 'initial');

INSERT INTO operations (id, name_key, extension, version, upload_id, sha256, state, stage, created_at, finished_at, created_by, node, deployment_path) VALUES ('01a23bea087a7ed5901a28200eb5ecb8', 'geo', 'Geo', '1.0.0', '6540afc0d78b44858f24d066c5e9bfa6', '186f1e3e0a0540d9ee5d2709ef9e89a54d85be7e779462d9946ce9692685f57c', 'succeeded', 'Deploy', '2026-12-03T12:38:43.0669640Z', '2026-12-03T12:38:43.2792915Z', 'initial', 'vm', '/tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Geo/1.0.0');
INSERT INTO operations (id, name_key, extension, version, upload_id, sha256, state, stage, created_at, finished_at, created_by, node, deployment_path) VALUES ('01a23bea096371f9913e0b0e59346bc1', 'geo', 'Geo', '1.1.0', '4af5a77de84c4e2abe914c642e61fc92', '2c58c89112177e22c03bd555dcfea7a1190e5bfd032fa127cf0e04193be6c202', 'succeeded', 'Deploy', '2026-12-03T12:38:43.2995286Z', '2026-12-03T12:38:43.3224887Z', 'initial', 'vm', '/tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Geo/1.1.0');
INSERT INTO operations (id, name_key, extension, version, upload_id, sha256, state, stage, created_at, finished_at, created_by, node, deployment_path) VALUES ('01a23bea097d731e8b1be5c65e2a8687', 'geo', 'Geo', '1.2.0', '9d34b15932bc4ae09935d0f0a0d96eaf', '997647573757fb0e9e86119a6d276bf9f75e8c447fe48b81339abc8c20c72cea', 'failed', 'Publish', '2026-12-03T12:38:43.3256373Z', '2026-12-03T12:38:43.3376956Z', 'initial', 'vm', NULL);
INSERT INTO operations (id, name_key, extension, version, upload_id, sha256, state, stage, created_at, finished_at, created_by, node, deployment_path) VALUES ('01a23bea09ae779bb80e2f7b91857963', 'maps', 'Maps', '2.0.0', '8dac5baf8682493fb484f0ff3d1f86c8', '7faf04d2a1c4054dca8080451053519edbb49987ad60e18e5944759cdc3f9c6c', 'succeeded', 'Deploy', '2026-12-03T12:38:43.3742302Z', '2026-12-03T12:38:43.4100713Z', 'initial', 'vm', '/tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Maps/2.0.0');

INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea087a7ed5901a28200eb5ecb8', 1, 'stage', 'Publish', 'started', 'OCP0001', 'Publish started', NULL, NULL, NULL, '2026-12-03T12:38:43.0896583Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea087a7ed5901a28200eb5ecb8', 2, 'information', NULL, NULL, 'OCP5140', 'Geo 1.0.0: 3 files checked, 3 new blobs stored, 0 already stored', 'The XIF passed every check and its files are stored by content hash, each distinct file once whatever the number of versions that ship it.', NULL, NULL, '2026-12-03T12:38:43.2596664Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea087a7ed5901a28200eb5ecb8', 3, 'stage', 'Publish', 'succeeded', 'OCP0002', 'Publish succeeded in 177 ms', NULL, NULL, 177, '2026-12-03T12:38:43.2599188Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea087a7ed5901a28200eb5ecb8', 4, 'stage', 'Deploy', 'started', 'OCP0001', 'Deploy started', NULL, NULL, NULL, '2026-12-03T12:38:43.2632324Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea087a7ed5901a28200eb5ecb8', 5, 'information', NULL, NULL, 'OCP5141', 'Geo 1.0.0 is active (deployed to /tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Geo/1.0.0)', 'The version''s files were extracted into its own folder and the active version was switched to it atomically.', NULL, NULL, '2026-12-03T12:38:43.2782173Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea087a7ed5901a28200eb5ecb8', 6, 'stage', 'Deploy', 'succeeded', 'OCP0002', 'Deploy succeeded in 16 ms', NULL, NULL, 15, '2026-12-03T12:38:43.2782352Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea096371f9913e0b0e59346bc1', 1, 'stage', 'Publish', 'started', 'OCP0001', 'Publish started', NULL, NULL, NULL, '2026-12-03T12:38:43.3010068Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea096371f9913e0b0e59346bc1', 2, 'information', NULL, NULL, 'OCP5142', 'Compared with the active version 1.0.0: 0 breaking change(s), 1 addition(s) or rename(s); required bump: Minor, actual: Minor', 'The server compares every new version with the active one: breaking changes need a major version, additions a minor one.', NULL, NULL, '2026-12-03T12:38:43.3124356Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea096371f9913e0b0e59346bc1', 3, 'information', NULL, NULL, 'OCP5140', 'Geo 1.1.0: 3 files checked, 2 new blobs stored, 1 already stored', 'The XIF passed every check and its files are stored by content hash, each distinct file once whatever the number of versions that ship it.', NULL, NULL, '2026-12-03T12:38:43.3193912Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea096371f9913e0b0e59346bc1', 4, 'stage', 'Publish', 'succeeded', 'OCP0002', 'Publish succeeded in 19 ms', NULL, NULL, 18, '2026-12-03T12:38:43.3193978Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea096371f9913e0b0e59346bc1', 5, 'stage', 'Deploy', 'started', 'OCP0001', 'Deploy started', NULL, NULL, NULL, '2026-12-03T12:38:43.3202199Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea096371f9913e0b0e59346bc1', 6, 'information', NULL, NULL, 'OCP5141', 'Geo 1.1.0 is active (deployed to /tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Geo/1.1.0); 1.0.0 was active before', 'The version''s files were extracted into its own folder and the active version was switched to it atomically.', NULL, NULL, '2026-12-03T12:38:43.3223308Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea096371f9913e0b0e59346bc1', 7, 'stage', 'Deploy', 'succeeded', 'OCP0002', 'Deploy succeeded in 2 ms', NULL, NULL, 2, '2026-12-03T12:38:43.3223360Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea097d731e8b1be5c65e2a8687', 1, 'stage', 'Publish', 'started', 'OCP0001', 'Publish started', NULL, NULL, NULL, '2026-12-03T12:38:43.3269665Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea097d731e8b1be5c65e2a8687', 2, 'error', NULL, NULL, 'OCP5111', 'Action SayHello was removed; this breaks consumers of version 1.1.0, so version 1.2.0 must raise the major version', 'Removing or changing an action, a parameter (type, direction, order, becoming mandatory), a structure, an entity or one of their attributes breaks the modules that use the extension. Either keep the element as it was (add a new one instead), or raise the major version (for example 1.4.0 → 2.0.0) to say that consumers must be updated.', 'Action SayHello', NULL, '2026-12-03T12:38:43.3281203Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea097d731e8b1be5c65e2a8687', 3, 'error', NULL, NULL, 'OCP5111', 'Action Distance was removed; this breaks consumers of version 1.1.0, so version 1.2.0 must raise the major version', 'Removing or changing an action, a parameter (type, direction, order, becoming mandatory), a structure, an entity or one of their attributes breaks the modules that use the extension. Either keep the element as it was (add a new one instead), or raise the major version (for example 1.4.0 → 2.0.0) to say that consumers must be updated.', 'Action Distance', NULL, '2026-12-03T12:38:43.3281207Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea097d731e8b1be5c65e2a8687', 4, 'information', NULL, NULL, 'OCP5142', 'Compared with the active version 1.1.0: 2 breaking change(s), 0 addition(s) or rename(s); required bump: Major, actual: Minor', 'The server compares every new version with the active one: breaking changes need a major version, additions a minor one.', NULL, NULL, '2026-12-03T12:38:43.3281211Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea097d731e8b1be5c65e2a8687', 5, 'stage', 'Publish', 'failed', 'OCP0003', 'Publish failed after 2 ms', NULL, NULL, 2, '2026-12-03T12:38:43.3308272Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea09ae779bb80e2f7b91857963', 1, 'stage', 'Publish', 'started', 'OCP0001', 'Publish started', NULL, NULL, NULL, '2026-12-03T12:38:43.3866681Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea09ae779bb80e2f7b91857963', 2, 'information', NULL, NULL, 'OCP5140', 'Maps 2.0.0: 2 files checked, 2 new blobs stored, 0 already stored', 'The XIF passed every check and its files are stored by content hash, each distinct file once whatever the number of versions that ship it.', NULL, NULL, '2026-12-03T12:38:43.3983428Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea09ae779bb80e2f7b91857963', 3, 'stage', 'Publish', 'succeeded', 'OCP0002', 'Publish succeeded in 20 ms', NULL, NULL, 19, '2026-12-03T12:38:43.3983529Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea09ae779bb80e2f7b91857963', 4, 'stage', 'Deploy', 'started', 'OCP0001', 'Deploy started', NULL, NULL, NULL, '2026-12-03T12:38:43.4038006Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea09ae779bb80e2f7b91857963', 5, 'information', NULL, NULL, 'OCP5141', 'Maps 2.0.0 is active (deployed to /tmp/ocp-fixture-src/9b3129c016a947f0ab833edc563ad28d/deployments/Maps/2.0.0)', 'The version''s files were extracted into its own folder and the active version was switched to it atomically.', NULL, NULL, '2026-12-03T12:38:43.4099149Z');
INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES ('01a23bea09ae779bb80e2f7b91857963', 6, 'stage', 'Deploy', 'succeeded', 'OCP0002', 'Deploy succeeded in 7 ms', NULL, NULL, 6, '2026-12-03T12:38:43.4099222Z');
