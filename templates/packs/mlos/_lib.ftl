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
      "[" + mlos.inline(title) + "](" + mlos.link(mlos.pathOf("needs", {"id": id, "title": title})) + ")",
      mlos.inline(title))>
</#function>

<#function fileLink title path="">
  <#return path?has_content?then("[" + mlos.inline(title) + "](" + mlos.linkFile(path) + ")", mlos.inline(title))>
</#function>

<#function scopeText>
  <#if params.scopes?? && params.scopes?has_content>
    <#return "scope" + (params.scopes?size gt 1)?then("s ", " ") + params.scopes?map(s -> "`" + s + "`")?join(", ")>
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
  <#return mlos.json(json!"[]")?map(t -> "`" + t?replace("`", "'") + "`")?join(", ")>
</#function>

<#function plural n word>
  <#return n + " " + word + (n == 1)?then("", "s")>
</#function>
