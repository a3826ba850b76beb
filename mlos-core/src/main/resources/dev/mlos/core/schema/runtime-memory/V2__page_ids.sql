-- runtime-memory V2: the id of a session, a workflow run and a skill-to-logic proposal names a page
-- (sessions/{id}.md, workflows/{id}.md, proposals/{id}.md) and the MCP resource that renders it
-- (mlos://sessions/{id}, ...). V1 took any text, so an id with a space or a tab at either end, or a
-- control character such as a line break, could be written but never read back as a resource (a
-- URI's {id} cannot carry it: the MCP server refuses such an id as no row id), and an id longer than
-- 500 characters neither. Such an id is now refused on INSERT and on an UPDATE of id, for every
-- client, with the rule and the fix.
--
-- The rule is the MCP server's for a row id (ViewResources.rowId): 1 to 500 characters, no
-- whitespace at either end (space, tab, line breaks and the Unicode spaces Java's
-- Character.isWhitespace names: U+001C-U+001F, U+1680, U+2000-U+2006, U+2008-U+200A, U+2028,
-- U+2029, U+205F, U+3000; a no-break space counts as a character), no control character
-- (U+0000-U+001F, U+007F-U+009F) anywhere.
--
-- Rows written before V2 stay as they are (docs/packs/runtime-memory.md says how to find them).
-- Triggers, not CHECKs: SQLite cannot add a CHECK to an existing table. Loadable by the sqlite3
-- shell 3.40+ (fixed RAISE messages).

CREATE TRIGGER sessions_page_id BEFORE INSERT ON sessions
WHEN length(new.id) NOT BETWEEN 1 AND 500
  OR new.id <> trim(new.id, char(32, 9, 10, 11, 12, 13, 28, 29, 30, 31, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288))
  OR new.id GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'
  OR instr(new.id, char(0)) > 0
BEGIN
  SELECT RAISE(ABORT, 'sessions: an id is 1 to 500 characters with no whitespace at either end and no control character (tab, line break), since it names the page mlos://sessions/{id}: trim the id and write it on one line');
END;

CREATE TRIGGER sessions_page_id_update BEFORE UPDATE OF id ON sessions
WHEN length(new.id) NOT BETWEEN 1 AND 500
  OR new.id <> trim(new.id, char(32, 9, 10, 11, 12, 13, 28, 29, 30, 31, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288))
  OR new.id GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'
  OR instr(new.id, char(0)) > 0
BEGIN
  SELECT RAISE(ABORT, 'sessions: an id is 1 to 500 characters with no whitespace at either end and no control character (tab, line break), since it names the page mlos://sessions/{id}: trim the id and write it on one line');
END;

CREATE TRIGGER workflow_runs_page_id BEFORE INSERT ON workflow_runs
WHEN length(new.id) NOT BETWEEN 1 AND 500
  OR new.id <> trim(new.id, char(32, 9, 10, 11, 12, 13, 28, 29, 30, 31, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288))
  OR new.id GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'
  OR instr(new.id, char(0)) > 0
BEGIN
  SELECT RAISE(ABORT, 'workflow_runs: an id is 1 to 500 characters with no whitespace at either end and no control character (tab, line break), since it names the page mlos://workflows/{id}: trim the id and write it on one line');
END;

CREATE TRIGGER workflow_runs_page_id_update BEFORE UPDATE OF id ON workflow_runs
WHEN length(new.id) NOT BETWEEN 1 AND 500
  OR new.id <> trim(new.id, char(32, 9, 10, 11, 12, 13, 28, 29, 30, 31, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288))
  OR new.id GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'
  OR instr(new.id, char(0)) > 0
BEGIN
  SELECT RAISE(ABORT, 'workflow_runs: an id is 1 to 500 characters with no whitespace at either end and no control character (tab, line break), since it names the page mlos://workflows/{id}: trim the id and write it on one line');
END;

CREATE TRIGGER proposals_page_id BEFORE INSERT ON skill_to_logic_proposals
WHEN length(new.id) NOT BETWEEN 1 AND 500
  OR new.id <> trim(new.id, char(32, 9, 10, 11, 12, 13, 28, 29, 30, 31, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288))
  OR new.id GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'
  OR instr(new.id, char(0)) > 0
BEGIN
  SELECT RAISE(ABORT, 'skill_to_logic_proposals: an id is 1 to 500 characters with no whitespace at either end and no control character (tab, line break), since it names the page mlos://proposals/{id}: trim the id and write it on one line');
END;

CREATE TRIGGER proposals_page_id_update BEFORE UPDATE OF id ON skill_to_logic_proposals
WHEN length(new.id) NOT BETWEEN 1 AND 500
  OR new.id <> trim(new.id, char(32, 9, 10, 11, 12, 13, 28, 29, 30, 31, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288))
  OR new.id GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'
  OR instr(new.id, char(0)) > 0
BEGIN
  SELECT RAISE(ABORT, 'skill_to_logic_proposals: an id is 1 to 500 characters with no whitespace at either end and no control character (tab, line break), since it names the page mlos://proposals/{id}: trim the id and write it on one line');
END;
