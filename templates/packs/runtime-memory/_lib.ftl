<#-- Shared helpers of the runtime-memory pack. -->
<#-- Whitespace runs made one space, trimmed, cut to max characters with "...". -->
<#function oneLine text max>
  <#return mlos.oneLine(text, max)>
</#function>

<#function plural n word>
  <#return n + " " + word + (n == 1)?then("", "s")>
</#function>

<#-- Markdown link to the page of a row of a per-row view, or the plain text when that view is off.
     Also plain text when the path is this page's and this page is another row's: two ids with one
     slug (P-1-x and p/1 ../x) name one page, the compile writes it for the first and refuses the
     second (compile.conflict), and the second's link led back to this page. -->
<#function pageLink view id text>
  <#if mlos.hasView(view)>
    <#local path = mlos.pathOf(view, {"id": id})>
    <#if path == .data_model.page.path && !(.data_model.row?? && .data_model.row.id?? && .data_model.row.id == id)>
      <#return mlos.inline(text)>
    </#if>
    <#return "[" + mlos.inline(text) + "](" + mlos.link(path) + ")">
  </#if>
  <#return mlos.inline(text)>
</#function>

<#function sessionLink id text=id><#return pageLink("sessions", id, text)></#function>
<#function runLink id text=id><#return pageLink("workflows", id, text)></#function>
<#function proposalLink id text=id><#return pageLink("proposals", id, text)></#function>

<#-- A value for a list item: "-" when null. -->
<#function cell value="">
  <#-- ?string: plain digits (0.000001), as ${n} writes them; ?c would write 0.0000010. -->
  <#if value?is_number><#return value?string></#if>
  <#if value?has_content><#return mlos.inline(value)></#if>
  <#return "-">
</#function>

<#function pass flag>
  <#return (flag == 1)?then("pass", "**fail**")>
</#function>

<#-- A fenced code block that no backtick run in text can close early. Callers pass lang "text" even
     for JSON: prettier reformats a fence it knows the language of, and stored JSON is kept as it is. -->
<#macro block text lang="">
${mlos.codeBlock(text, lang)}
</#macro>

<#-- text, or "text (2)", "text (3)", ...: the first not in used, for a heading no other heading of
     the page repeats (markdownlint's MD024). -->
<#function uniqueHeading text used>
  <#if !used?seq_contains(text)><#return text></#if>
  <#list 2..(used?size + 2) as k>
    <#if !used?seq_contains(text + " (" + k?c + ")")><#return text + " (" + k?c + ")"></#if>
  </#list>
</#function>
