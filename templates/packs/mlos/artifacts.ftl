<#import "_lib.ftl" as lib>
<#assign meta = {
  "id": "artifacts-" + workspace.name,
  "title": "Artifact index of " + workspace.name,
  "desc": lib.plural(artifacts?size, "registered artifact") + (params.artifact_prefix??)?then(" under " + (params.artifact_prefix!""), ""),
  "tags": ["index", "artifacts"]
}>
<#if artifacts?has_content><#assign meta = meta + {"updated": artifacts?map(a -> a.updated_at!"")?sort?last}></#if>
# Artifact index

${lib.plural(artifacts?size, "registered artifact")}<#if params.artifact_prefix??> whose path starts with `${params.artifact_prefix}`</#if>, by folder, newest first.
<#assign folder = "">
<#list artifacts as a>
<#if a.folder != folder>
<#assign folder = a.folder>

## ${(folder == ".")?then("Top level", mlos.inline(folder) + "/")}

| Updated | Artifact | Type | Path |
|---|---|---|---|
</#if>
| ${a.updated_at!"-"} | ${lib.fileLink(a.title, a.file_path!"")}<#if a.description?has_content>: ${mlos.cell(lib.oneLine(a.description, 120))}</#if> | ${a.artifact_type!"-"} | <#if a.file_path??>`${a.file_path?replace("`", "'")}`<#else>-</#if> |
</#list>
<#if !artifacts?has_content>

No artifacts are registered yet.
</#if>
