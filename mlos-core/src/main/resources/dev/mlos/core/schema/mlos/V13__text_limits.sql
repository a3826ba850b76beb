-- mlos V13: texts keep the engine's length limits, and titles are not blank, whoever writes them.
-- The engine refuses a need's title or a task's description over 500 characters, a scope over 200,
-- a description, result, summary, transcript or edge metadata over 100000, an agent type over 64,
-- a kernel version over 200, a write's actor over 107 and its session or reason over 500
-- (InputRules, Actor), more than 100 tags, lens scopes or weights, and an empty or blank (white
-- space only) title, task description or scope. Before V13 the database did not, so the sqlite3
-- shell or any other client could store a 10 MB need title, which every compiled page listing it,
-- every ready list and every MCP answer then carried, or an empty one, which left a heading or a
-- link with no text. Now these triggers refuse it, with the engine's rule id, the limit and the
-- fix in the message (need.title, need.scope, need.text, need.tags, task.description, task.text,
-- artifact.text, agent.type, agent.text, relationship.metadata, lens.scopes, lens.weights,
-- lens.tags, actor). The engine checks first and says more (the row, the length it found); the
-- triggers are the backstop.
--
-- Characters are counted as the engine counts them, in code points (an emoji is one), which is
-- what length() counts; the engine stores a title or scope stripped of its outer white space, so
-- the stored text is what is counted. length() stops at a NUL, so a text holding one (the engine
-- refuses a NUL in every one of these texts) is judged by its bytes. Blank is the engine's
-- String.isBlank(): nothing but Java's white space (U+0009-U+000D, U+001C-U+001F, U+0020, U+1680,
-- U+2000-U+2006, U+2008-U+200A, U+2028, U+2029, U+205F, U+3000); a no-break space is text.
-- agents.kernel_version keeps its line breaks (the engine takes them): only its length is judged.
--
-- Only a write of the text is judged: an UPDATE that leaves it as it was (UPDATE OF another
-- column, or one that sets it to its old value) passes, so a row written before V13 keeps its
-- text and can still change status, and a lens's update is judged on the scopes and keys it adds.
-- No row changes. As in V2 the id-exists case comes first in each insert trigger, so a REPLACE of
-- an existing row gets that message whichever BEFORE trigger SQLite runs first. Loadable by the
-- sqlite3 shell 3.40+.

-- ---------------------------------------------------------------------------------------------
-- needs: title, scope, description, source_transcript, tags.

CREATE TRIGGER needs_text_limits_insert BEFORE INSERT ON needs
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM needs WHERE id = new.id) THEN RAISE(ABORT, 'need: id exists; use UPDATE')
    WHEN trim(new.title, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
      THEN RAISE(ABORT, 'need: title must not be empty or blank (need.title): give the need a title')
    WHEN length(CAST(new.title AS BLOB)) > 500 AND (length(new.title) > 500 OR instr(CAST(new.title AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: title must be at most 500 characters (need.title): shorten it; the rest belongs in description')
    WHEN trim(new.scope, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
      THEN RAISE(ABORT, 'need: scope must not be empty or blank (need.scope): name the scope, or set scope = NULL for none')
    WHEN length(CAST(new.scope AS BLOB)) > 200 AND (length(new.scope) > 200 OR instr(CAST(new.scope AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: scope must be at most 200 characters (need.scope): shorten it, or set scope = NULL for none')
    WHEN length(CAST(new.description AS BLOB)) > 100000 AND (length(new.description) > 100000 OR instr(CAST(new.description AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: description must be at most 100000 characters (need.text): shorten it, or keep the long text in a file registered as an artifact')
    WHEN length(CAST(new.source_transcript AS BLOB)) > 100000 AND (length(new.source_transcript) > 100000 OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: source_transcript must be at most 100000 characters (need.text): name the transcript by its path or URL')
    WHEN json_valid(new.tags) AND json_type(new.tags) = 'array' AND json_array_length(new.tags) > 100
      THEN RAISE(ABORT, 'need: at most 100 tags (need.tags): remove some')
  END;
END;

CREATE TRIGGER needs_text_limits_update BEFORE UPDATE OF title, scope, description, source_transcript, tags ON needs
BEGIN
  SELECT CASE
    WHEN old.title IS NOT new.title AND trim(new.title, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
      THEN RAISE(ABORT, 'need: title must not be empty or blank (need.title): give the need a title')
    WHEN old.title IS NOT new.title
      AND length(CAST(new.title AS BLOB)) > 500 AND (length(new.title) > 500 OR instr(CAST(new.title AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: title must be at most 500 characters (need.title): shorten it; the rest belongs in description')
    WHEN old.scope IS NOT new.scope AND trim(new.scope, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
      THEN RAISE(ABORT, 'need: scope must not be empty or blank (need.scope): name the scope, or set scope = NULL for none')
    WHEN old.scope IS NOT new.scope
      AND length(CAST(new.scope AS BLOB)) > 200 AND (length(new.scope) > 200 OR instr(CAST(new.scope AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: scope must be at most 200 characters (need.scope): shorten it, or set scope = NULL for none')
    WHEN old.description IS NOT new.description
      AND length(CAST(new.description AS BLOB)) > 100000 AND (length(new.description) > 100000 OR instr(CAST(new.description AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: description must be at most 100000 characters (need.text): shorten it, or keep the long text in a file registered as an artifact')
    WHEN old.source_transcript IS NOT new.source_transcript
      AND length(CAST(new.source_transcript AS BLOB)) > 100000 AND (length(new.source_transcript) > 100000 OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: source_transcript must be at most 100000 characters (need.text): name the transcript by its path or URL')
    WHEN old.tags IS NOT new.tags AND json_valid(new.tags) AND json_type(new.tags) = 'array' AND json_array_length(new.tags) > 100
      THEN RAISE(ABORT, 'need: at most 100 tags (need.tags): remove some')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- tasks: description, result.

CREATE TRIGGER tasks_text_limits_insert BEFORE INSERT ON tasks
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM tasks WHERE id = new.id) THEN RAISE(ABORT, 'task: id exists; use UPDATE')
    WHEN trim(new.description, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
      THEN RAISE(ABORT, 'task: description must not be empty or blank (task.description): say what the task is')
    WHEN length(CAST(new.description AS BLOB)) > 500 AND (length(new.description) > 500 OR instr(CAST(new.description AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'task: description must be at most 500 characters (task.description): shorten it; the rest belongs in the need''s description')
    WHEN length(CAST(new.result AS BLOB)) > 100000 AND (length(new.result) > 100000 OR instr(CAST(new.result AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'task: result must be at most 100000 characters (task.text): shorten it, or keep the long text in a file registered as an artifact')
  END;
END;

CREATE TRIGGER tasks_text_limits_update BEFORE UPDATE OF description, result ON tasks
BEGIN
  SELECT CASE
    WHEN old.description IS NOT new.description AND trim(new.description, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
      THEN RAISE(ABORT, 'task: description must not be empty or blank (task.description): say what the task is')
    WHEN old.description IS NOT new.description
      AND length(CAST(new.description AS BLOB)) > 500 AND (length(new.description) > 500 OR instr(CAST(new.description AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'task: description must be at most 500 characters (task.description): shorten it; the rest belongs in the need''s description')
    WHEN old.result IS NOT new.result
      AND length(CAST(new.result AS BLOB)) > 100000 AND (length(new.result) > 100000 OR instr(CAST(new.result AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'task: result must be at most 100000 characters (task.text): shorten it, or keep the long text in a file registered as an artifact')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- artifacts: title, description, source_transcript.

CREATE TRIGGER artifacts_text_limits_insert BEFORE INSERT ON artifacts
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE id = new.id) THEN RAISE(ABORT, 'artifact: id exists; use UPDATE')
    WHEN trim(new.title, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
      THEN RAISE(ABORT, 'artifact: title must not be empty or blank (artifact.text): give the artifact a title')
    WHEN length(CAST(new.title AS BLOB)) > 500 AND (length(new.title) > 500 OR instr(CAST(new.title AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: title must be at most 500 characters (artifact.text): shorten it; the rest belongs in description')
    WHEN length(CAST(new.description AS BLOB)) > 100000 AND (length(new.description) > 100000 OR instr(CAST(new.description AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: description must be at most 100000 characters (artifact.text): shorten it; the artifact''s file holds the long text')
    WHEN length(CAST(new.source_transcript AS BLOB)) > 100000 AND (length(new.source_transcript) > 100000 OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: source_transcript must be at most 100000 characters (artifact.text): name the transcript by its path or URL')
  END;
END;

CREATE TRIGGER artifacts_text_limits_update BEFORE UPDATE OF title, description, source_transcript ON artifacts
BEGIN
  SELECT CASE
    WHEN old.title IS NOT new.title AND trim(new.title, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
      THEN RAISE(ABORT, 'artifact: title must not be empty or blank (artifact.text): give the artifact a title')
    WHEN old.title IS NOT new.title
      AND length(CAST(new.title AS BLOB)) > 500 AND (length(new.title) > 500 OR instr(CAST(new.title AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: title must be at most 500 characters (artifact.text): shorten it; the rest belongs in description')
    WHEN old.description IS NOT new.description
      AND length(CAST(new.description AS BLOB)) > 100000 AND (length(new.description) > 100000 OR instr(CAST(new.description AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: description must be at most 100000 characters (artifact.text): shorten it; the artifact''s file holds the long text')
    WHEN old.source_transcript IS NOT new.source_transcript
      AND length(CAST(new.source_transcript AS BLOB)) > 100000 AND (length(new.source_transcript) > 100000 OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: source_transcript must be at most 100000 characters (artifact.text): name the transcript by its path or URL')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- agents: agent_type, kernel_version, session_transcript, result_summary.

CREATE TRIGGER agents_text_limits_insert BEFORE INSERT ON agents
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM agents WHERE id = new.id) THEN RAISE(ABORT, 'agent: id exists; use UPDATE')
    WHEN length(CAST(new.agent_type AS BLOB)) > 64 AND (length(new.agent_type) > 64 OR instr(CAST(new.agent_type AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: agent_type must be at most 64 characters (agent.type): shorten it')
    WHEN length(CAST(new.kernel_version AS BLOB)) > 200 AND (length(new.kernel_version) > 200 OR instr(CAST(new.kernel_version AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: kernel_version must be at most 200 characters (agent.text): shorten it')
    WHEN length(CAST(new.session_transcript AS BLOB)) > 100000 AND (length(new.session_transcript) > 100000 OR instr(CAST(new.session_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: session_transcript must be at most 100000 characters (agent.text): name the transcript by its path or URL')
    WHEN length(CAST(new.result_summary AS BLOB)) > 100000 AND (length(new.result_summary) > 100000 OR instr(CAST(new.result_summary AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: result_summary must be at most 100000 characters (agent.text): shorten it, or keep the long text in a file registered as an artifact')
  END;
END;

CREATE TRIGGER agents_text_limits_update BEFORE UPDATE OF agent_type, kernel_version, session_transcript, result_summary ON agents
BEGIN
  SELECT CASE
    WHEN old.agent_type IS NOT new.agent_type
      AND length(CAST(new.agent_type AS BLOB)) > 64 AND (length(new.agent_type) > 64 OR instr(CAST(new.agent_type AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: agent_type must be at most 64 characters (agent.type): shorten it')
    WHEN old.kernel_version IS NOT new.kernel_version
      AND length(CAST(new.kernel_version AS BLOB)) > 200 AND (length(new.kernel_version) > 200 OR instr(CAST(new.kernel_version AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: kernel_version must be at most 200 characters (agent.text): shorten it')
    WHEN old.session_transcript IS NOT new.session_transcript
      AND length(CAST(new.session_transcript AS BLOB)) > 100000 AND (length(new.session_transcript) > 100000 OR instr(CAST(new.session_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: session_transcript must be at most 100000 characters (agent.text): name the transcript by its path or URL')
    WHEN old.result_summary IS NOT new.result_summary
      AND length(CAST(new.result_summary AS BLOB)) > 100000 AND (length(new.result_summary) > 100000 OR instr(CAST(new.result_summary AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: result_summary must be at most 100000 characters (agent.text): shorten it, or keep the long text in a file registered as an artifact')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- relationships: metadata.

CREATE TRIGGER relationships_text_limits_insert BEFORE INSERT ON relationships
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM relationships WHERE id = new.id) THEN RAISE(ABORT, 'relationship: id exists; use UPDATE')
    WHEN length(CAST(new.metadata AS BLOB)) > 100000 AND (length(new.metadata) > 100000 OR instr(CAST(new.metadata AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'relationship: metadata must be at most 100000 characters (relationship.metadata): shorten it; a long text belongs in an artifact the edge points at')
  END;
END;

CREATE TRIGGER relationships_text_limits_update BEFORE UPDATE OF metadata ON relationships
BEGIN
  SELECT CASE
    WHEN old.metadata IS NOT new.metadata
      AND length(CAST(new.metadata AS BLOB)) > 100000 AND (length(new.metadata) > 100000 OR instr(CAST(new.metadata AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'relationship: metadata must be at most 100000 characters (relationship.metadata): shorten it; a long text belongs in an artifact the edge points at')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- lenses: agent_type; the number of scopes, weights and tags; each scope in scopes, each
-- scope:<scope> key of weights. A value that is not a JSON array (object) is left to
-- lenses_check_insert / _update, which name the form. The engine counts a weight key in UTF-16
-- units (at most 6 + 200); counted here in characters, the trigger refuses no key it takes.

CREATE TRIGGER lenses_text_limits_insert BEFORE INSERT ON lenses
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM lenses WHERE id = new.id) THEN RAISE(ABORT, 'lens: id exists; use UPDATE')
    WHEN length(CAST(new.agent_type AS BLOB)) > 64 AND (length(new.agent_type) > 64 OR instr(CAST(new.agent_type AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'lens: agent_type must be at most 64 characters (agent.type): shorten it')
    WHEN json_valid(new.scopes) AND json_type(new.scopes) = 'array' AND json_array_length(new.scopes) > 100
      THEN RAISE(ABORT, 'lens: a lens takes at most 100 scopes and 100 weights (lens.scopes): remove some')
    WHEN json_valid(new.weights) AND json_type(new.weights) = 'object'
      AND (SELECT count(*) FROM json_each(new.weights)) > 100
      THEN RAISE(ABORT, 'lens: a lens takes at most 100 scopes and 100 weights (lens.scopes): remove some')
    WHEN json_valid(new.scopes) AND json_type(new.scopes) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.scopes) j
                  WHERE j.type = 'text' AND trim(j.value, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = '')
      THEN RAISE(ABORT, 'lens: each scope must not be empty or blank (lens.scopes): name the scope, or leave it out')
    WHEN json_valid(new.scopes) AND json_type(new.scopes) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.scopes) j
                  WHERE j.type = 'text' AND length(CAST(j.value AS BLOB)) > 200 AND (length(j.value) > 200 OR instr(CAST(j.value AS BLOB), x'00') > 0))
      THEN RAISE(ABORT, 'lens: each scope must be at most 200 characters (lens.scopes): shorten it')
    WHEN json_valid(new.weights) AND json_type(new.weights) = 'object'
      AND EXISTS (SELECT 1 FROM json_each(new.weights) j
                  WHERE j.key GLOB 'scope:*' AND length(CAST(j.key AS BLOB)) > 206 AND (length(j.key) > 206 OR instr(CAST(j.key AS BLOB), x'00') > 0))
      THEN RAISE(ABORT, 'lens: a scope:<scope> weight key must be at most 206 characters, its scope at most 200 (lens.weights): shorten it')
    WHEN json_valid(new.tags) AND json_type(new.tags) = 'array' AND json_array_length(new.tags) > 100
      THEN RAISE(ABORT, 'lens: at most 100 tags (lens.tags): remove some')
  END;
END;

CREATE TRIGGER lenses_text_limits_update BEFORE UPDATE OF agent_type, scopes, weights, tags ON lenses
BEGIN
  SELECT CASE
    WHEN old.agent_type IS NOT new.agent_type AND length(CAST(new.agent_type AS BLOB)) > 64 AND (length(new.agent_type) > 64 OR instr(CAST(new.agent_type AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'lens: agent_type must be at most 64 characters (agent.type): shorten it')
    WHEN old.scopes IS NOT new.scopes AND json_valid(new.scopes) AND json_type(new.scopes) = 'array' AND json_array_length(new.scopes) > 100
      THEN RAISE(ABORT, 'lens: a lens takes at most 100 scopes and 100 weights (lens.scopes): remove some')
    WHEN old.weights IS NOT new.weights AND json_valid(new.weights) AND json_type(new.weights) = 'object'
      AND (SELECT count(*) FROM json_each(new.weights)) > 100
      THEN RAISE(ABORT, 'lens: a lens takes at most 100 scopes and 100 weights (lens.scopes): remove some')
    WHEN old.scopes IS NOT new.scopes AND json_valid(new.scopes) AND json_type(new.scopes) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.scopes) j
                  WHERE j.type = 'text' AND trim(j.value, char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8200, 8201, 8202, 8232, 8233, 8287, 12288)) = ''
                    AND NOT (json_valid(old.scopes) AND json_type(old.scopes) = 'array'
                             AND j.value IN (SELECT value FROM json_each(old.scopes))))
      THEN RAISE(ABORT, 'lens: each scope must not be empty or blank (lens.scopes): name the scope, or leave it out')
    WHEN old.scopes IS NOT new.scopes AND json_valid(new.scopes) AND json_type(new.scopes) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.scopes) j
                  WHERE j.type = 'text' AND length(CAST(j.value AS BLOB)) > 200 AND (length(j.value) > 200 OR instr(CAST(j.value AS BLOB), x'00') > 0)
                    AND NOT (json_valid(old.scopes) AND json_type(old.scopes) = 'array'
                             AND j.value IN (SELECT value FROM json_each(old.scopes))))
      THEN RAISE(ABORT, 'lens: each scope must be at most 200 characters (lens.scopes): shorten it')
    WHEN old.weights IS NOT new.weights AND json_valid(new.weights) AND json_type(new.weights) = 'object'
      AND EXISTS (SELECT 1 FROM json_each(new.weights) j
                  WHERE j.key GLOB 'scope:*' AND length(CAST(j.key AS BLOB)) > 206 AND (length(j.key) > 206 OR instr(CAST(j.key AS BLOB), x'00') > 0)
                    AND NOT (json_valid(old.weights) AND json_type(old.weights) = 'object'
                             AND j.key IN (SELECT key FROM json_each(old.weights))))
      THEN RAISE(ABORT, 'lens: a scope:<scope> weight key must be at most 206 characters, its scope at most 200 (lens.weights): shorten it')
    WHEN old.tags IS NOT new.tags AND json_valid(new.tags) AND json_type(new.tags) = 'array' AND json_array_length(new.tags) > 100
      THEN RAISE(ABORT, 'lens: at most 100 tags (lens.tags): remove some')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- write_context: who writes, copied into every history row the write causes (Actor.MAX_LENGTH).

CREATE TRIGGER write_context_text_limits_insert BEFORE INSERT ON write_context
BEGIN
  SELECT CASE
    WHEN length(CAST(new.actor AS BLOB)) > 107 AND (length(new.actor) > 107 OR instr(CAST(new.actor AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'history: write_context.actor must be at most 107 characters, kind:name with a name of at most 100 (actor): shorten the name')
    WHEN length(CAST(new.session AS BLOB)) > 500 AND (length(new.session) > 500 OR instr(CAST(new.session AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'history: write_context.session must be at most 500 characters (actor): shorten it')
    WHEN length(CAST(new.reason AS BLOB)) > 500 AND (length(new.reason) > 500 OR instr(CAST(new.reason AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'history: write_context.reason must be at most 500 characters (actor): shorten it')
  END;
END;

CREATE TRIGGER write_context_text_limits_update BEFORE UPDATE OF actor, session, reason ON write_context
BEGIN
  SELECT CASE
    WHEN old.actor IS NOT new.actor
      AND length(CAST(new.actor AS BLOB)) > 107 AND (length(new.actor) > 107 OR instr(CAST(new.actor AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'history: write_context.actor must be at most 107 characters, kind:name with a name of at most 100 (actor): shorten the name')
    WHEN old.session IS NOT new.session
      AND length(CAST(new.session AS BLOB)) > 500 AND (length(new.session) > 500 OR instr(CAST(new.session AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'history: write_context.session must be at most 500 characters (actor): shorten it')
    WHEN old.reason IS NOT new.reason
      AND length(CAST(new.reason AS BLOB)) > 500 AND (length(new.reason) > 500 OR instr(CAST(new.reason AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'history: write_context.reason must be at most 500 characters (actor): shorten it')
  END;
END;
