<#-- Shared helpers of the AgentOS graph pack. -->

<#-- Link to a record's page; a node without a shape (no page) is shown by its id. -->
<#function recordLink id shape="" title="">
  <#if shape?has_content && mlos.hasView("records")>
    <#return "[" + mlos.linkText(title, id) + "](" + mlos.link(mlos.pathOf("records", {"id": id, "shape": shape, "title": title})) + ")">
  </#if>
  <#return mlos.code(id)>
</#function>

<#function shapeLink shape>
  <#if mlos.hasView("shapes")>
    <#return "[" + mlos.inline(shape) + "](" + mlos.link(mlos.pathOf("shapes", {"shape": shape})) + ")">
  </#if>
  <#return mlos.inline(shape)>
</#function>

<#-- A shape, field, relation or type name from the shape registry (settings), which a shape
     file writes in this form: shown as it is. A name of any other form (the registry written with
     the sqlite3 shell) is escaped on one line, so it cannot start a heading or bring HTML. -->
<#function name text>
  <#if text?is_string && text?matches("[A-Za-z][A-Za-z0-9_-]{0,62}")>
    <#return text>
  </#if>
  <#return mlos.inline(text?is_string?then(text, ""))?has_content?then(mlos.inline(text?is_string?then(text, "")), "-")>
</#function>

<#-- A relation's "many" in the shape registry: the importer writes true or false; a registry row
     written with the sqlite3 shell may hold 1 or 0 (SQLite's json_object writes a comparison so). -->
<#function isMany value>
  <#return (value?is_boolean && value) || (value?is_number && value != 0)>
</#function>

<#-- A stored value for a list item, by its type: booleans are stored as 0 or 1. -->
<#function shownValue value="" type="string">
  <#if !value?has_content && !value?is_number>
    <#return "-">
  </#if>
  <#if type == "boolean">
    <#return (value == 1)?then("true", "false")>
  </#if>
  <#-- ?string: plain digits (0.000001), as ${n} writes them; ?c would write 0.0000010. -->
  <#if value?is_number>
    <#return value?string>
  </#if>
  <#-- A link only for a web or mail address of plain URL characters: any other scheme
       (javascript:, data:) is no link to follow, and a line break, a control character, a space
       or a < > | ` \ would end the autolink or the list item (the schema refuses only a space). -->
  <#if type == "url" && value?matches(r"(?i)(https?://|mailto:)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")>
    <#return "<" + value + ">">
  </#if>
  <#if type == "json">
    <#return mlos.code(value)>
  </#if>
  <#return mlos.inline(value)?has_content?then(mlos.inline(value), "-")>
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
