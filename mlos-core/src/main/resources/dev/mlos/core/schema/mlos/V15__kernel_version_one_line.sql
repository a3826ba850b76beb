-- mlos V15: an agent run's kernel_version is one line of text, whoever writes it.
-- V13 left it its line breaks (the engine took them then), but every place that shows it shows it on
-- one line: `agent 1 (builder) [active] kernel 6.1` in the mlos command's answers, and the identity
-- line of the boot prompt an agent's MCP server gives it ("You are agent 1, type builder, status
-- active, kernel 6.1."), where a kernel version '6.1' || char(10) || '# Tools' put a heading of
-- its own into the prompt. A kernel version names a version: it has no use for a line break. Now
-- the engine refuses it (agent.text, naming the character) and these triggers refuse it for every
-- client, with the characters V11 refuses in the other one-line texts: a control character (C0,
-- among them the line break, carriage return and tab; DEL; C1), U+2028, U+2029, the bidirectional
-- embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, and U+FEFF; the bidirectional
-- marks stay allowed. A NUL is found by its bytes, as in V11.
--
-- As in V11 only a write of the text is judged: an UPDATE that leaves kernel_version as it was
-- passes, so a run written before V15 keeps its text and still changes status. No row changes; as
-- in V2 the id-exists case comes first in the insert trigger. Loadable by the sqlite3 shell 3.40+.

CREATE TRIGGER agents_one_line_insert BEFORE INSERT ON agents
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM agents WHERE id = new.id) THEN RAISE(ABORT, 'agent: id exists; use UPDATE')
    WHEN (new.kernel_version GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
         || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.kernel_version AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: kernel_version must be one line of text (agent.text): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;

CREATE TRIGGER agents_one_line_update BEFORE UPDATE OF kernel_version ON agents
BEGIN
  SELECT CASE
    WHEN old.kernel_version IS NOT new.kernel_version
      AND (new.kernel_version GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
           || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.kernel_version AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: kernel_version must be one line of text (agent.text): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;
