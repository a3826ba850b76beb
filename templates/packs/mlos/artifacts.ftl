<#import "_lib.ftl" as lib>
<#assign t = total[0]>
<#assign meta = {
  "id": "artifacts-" + workspace.name,
  "title": "Artifact index of " + workspace.name,
  "desc": lib.plural(t.artifacts, "registered artifact") + (params.artifact_prefix??)?then(" under " + (params.artifact_prefix!""), ""),
  "tags": ["index", "artifacts"]
}>
<#if t.updated??><#assign meta = meta + {"updated": t.updated}></#if>
# Artifact index

${lib.plural(t.artifacts, "registered artifact")}<#if params.artifact_prefix??> whose path starts with ${mlos.code(params.artifact_prefix)}</#if>, by folder, newest first.
<#if t.artifacts gt artifacts?size>

Listing the first ${artifacts?size}; raise `artifact_limit` in `mlos.yaml` to list more, or set `artifact_prefix`.
</#if>
<#assign folder = "">
<#-- Headings written so far: two folder names can escape to the same text (whitespace runs are
     one space), and a repeated heading gets a number (MD024). -->
<#assign headings = []>
<#list artifacts as a>
<#if a.folder != folder>
<#assign folder = a.folder>
<#assign heading = lib.uniqueHeading((folder == ".")?then("Top level", mlos.inline(folder) + "/"), headings)>
<#assign headings = headings + [heading]>

## ${heading}

</#if>
<#-- A list's items as "one; two", as PROBLEM.md shows them; words only (mlos.summaryWords), as text
     follows on the line: a literal backtick kept as markdown would pair with the path's code span. -->
<#assign summary = mlos.summaryWords(a.description!"", 120)>
- ${lib.fileLink(a.title, a.file_path!"")}<#if summary?has_content>: ${summary}</#if> · ${mlos.inline(a.artifact_type!"-")} · <#if a.file_path??>${mlos.code(a.file_path)}<#else>no file</#if> · updated ${mlos.inline(a.updated_at!"-")}
</#list>
<#if !artifacts?has_content>

No artifacts are registered yet.
</#if>
