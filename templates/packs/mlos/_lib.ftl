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

<#function fileLink title path="">
  <#return path?has_content?then("[" + mlos.linkText(title, path) + "](" + mlos.linkFile(path) + ")", mlos.linkText(title, "untitled artifact"))>
</#function>

<#function scopeText>
  <#if params.scopes?? && params.scopes?has_content>
    <#return "scope" + (params.scopes?size gt 1)?then("s ", " ") + params.scopes?map(s -> mlos.code(s))?join(", ")>
  </#if>
  <#return "all scopes">
</#function>

<#function scopeTags>
  <#if params.scopes?? && params.scopes?has_content>
    <#return params.scopes>
  </#if>
  <#return []>
</#function>

<#function plural n word>
  <#return n + " " + word + (n == 1)?then("", "s")>
</#function>
