<#-- Shared helpers of the ML OS pack. -->
<#-- Whitespace runs made one space, trimmed, cut to max characters with "...". -->
<#function oneLine text max>
  <#return mlos.oneLine(text, max)>
</#function>

<#-- Whether need pages are written (asked once per page). -->
<#assign needPages = mlos.hasView("needs")>

<#-- Markdown link to a need's page, or just its title when the page is not in this workspace. -->
<#function needLink id title visible=true>
  <#return (visible && needPages)?then(
      "[" + mlos.linkText(title, "need " + id) + "](" + mlos.link(mlos.pathOf("needs", {"id": id, "title": title})) + ")",
      mlos.linkText(title, "need " + id))>
</#function>

<#-- An agent as "type #id", linked to its context pack when this workspace writes one for it. -->
<#function agentLink id type status>
  <#local text = mlos.linkText(type, "agent") + " #" + id>
  <#if mlos.hasView("context") && params.agent_statuses?seq_contains(status)>
    <#return "[" + text + "](" + mlos.link(mlos.pathOf("context", {"id": id, "agent_type": type})) + ")">
  </#if>
  <#return text>
</#function>

<#function fileLink title path="">
  <#return path?has_content?then("[" + mlos.linkText(title, path) + "](" + mlos.linkFile(path) + ")", mlos.linkText(title, "untitled artifact"))>
</#function>

<#function scopeText>
  <#if params.scopes?? && params.scopes?has_content>
    <#return "scope" + (params.scopes?size gt 1)?then("s ", " ") + params.scopes?map(s -> mlos.code(s))?join(", ")>
  </#if>
  <#return "all scopes">
</#function>

<#-- scopeText in plain words, for front matter (desc): each scope as written, backticks kept. -->
<#function scopePlain>
  <#if params.scopes?? && params.scopes?has_content>
    <#return "scope" + (params.scopes?size gt 1)?then("s ", " ") + params.scopes?join(", ")>
  </#if>
  <#return "all scopes">
</#function>

<#function scopeTags>
  <#if params.scopes?? && params.scopes?has_content>
    <#return params.scopes>
  </#if>
  <#return []>
</#function>

<#-- " tagged `a` or `b`" when the workspace filters by tags, else nothing. -->
<#function tagText>
  <#if params.tags?? && params.tags?has_content>
    <#return " tagged " + params.tags?map(t -> "`" + t?replace("`", "'") + "`")?join(" or ")>
  </#if>
  <#return "">
</#function>

<#function tagTags>
  <#if params.tags?? && params.tags?has_content>
    <#return params.tags>
  </#if>
  <#return []>
</#function>

<#-- A need's tags (the JSON of needs.tags) as code spans, e.g. "`kernel`, `methodology`"; "" for none. -->
<#function tagList json>
  <#return mlos.json(json!"[]")?map(t -> mlos.code(t?string))?join(", ")>
</#function>

<#function plural n word>
  <#return n + " " + word + (n == 1)?then("", "s")>
</#function>

<#-- text, or "text (2)", "text (3)", ...: the first not in used, for a heading no other heading of
     the page repeats (markdownlint's MD024). -->
<#function uniqueHeading text used>
  <#if !used?seq_contains(text)><#return text></#if>
  <#list 2..(used?size + 2) as k>
    <#if !used?seq_contains(text + " (" + k?c + ")")><#return text + " (" + k?c + ")"></#if>
  </#list>
</#function>
