<#import "_lib.ftl" as lib>
<#assign s = span[0]>
<#assign meta = {
  "id": "problem-" + workspace.name,
  "title": "Open needs of " + workspace.name,
  "created": s.created!"",
  "updated": s.updated!"",
  "desc": lib.plural(s.total, "open need") + " in " + lib.scopePlain(),
  "tags": lib.scopeTags() + lib.tagTags() + ["problem"]
}>
# Open needs

<#-- "P-" heads a need without a priority: say so where a reader first meets it. -->
${lib.plural(s.total, "open need")} in ${lib.scopeText()}${lib.tagText()}, most urgent first (priority 1 is critical, 5 is background<#if needs?filter(n -> !n.priority??)?has_content>; P- marks a need with no priority yet, listed last</#if>).
<#if s.total gt needs?size>

Listing the first ${needs?size}; raise `problem_limit` in `mlos.yaml` to list more, or narrow `scopes`.
</#if>

<#list needs as n>
<#-- The need's id makes the heading unique: two needs may share a title and a priority (MD024). -->
## P${n.priority!"-"} · need ${n.id}: ${lib.needLink(n.id, n.title)}

`${n.status}` · <#if n.scope??>scope ${mlos.code(n.scope)}<#else>no scope</#if><#if (n.tags!"[]") != "[]"> · tags ${lib.tagList(n.tags)}</#if> · updated ${mlos.inline(n.updated_at!"-")}
<#-- The description's first paragraph, its markdown kept, on one line; its headings, lists,
     code blocks and tables stay on the need's page (mlos.summary). -->
<#assign summary = mlos.summary(n.description!"", 400)>
<#if summary?has_content>

${summary}
</#if>
<#assign related = mlos.json(n.artifacts_json!"")>
<#if related?has_content>

Related artifacts:

<#list related as a>
- ${lib.fileLink(a.title, a.file_path!"")} (${a.relationship})
</#list>
</#if>

<#else>
No open needs. Everything in ${lib.scopeText()} is resolved or deferred.
</#list>
