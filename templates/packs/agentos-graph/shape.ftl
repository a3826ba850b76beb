<#import "_lib.ftl" as lib>
<#-- The registry row as the importer writes it; a part of any other form (the row written with the
     sqlite3 shell) is left out, and the page says which part, by its JSON path, and why. -->
<#assign skipped = []>
<#if row.definition??>
<#assign s = mlos.json(row.definition)>
<#elseif row.repeated_json??>
<#-- A key twice in one object: which value was meant cannot be told (SQLite's JSON functions take
     the first, a JSON reader may take the last), so none of the row is read. -->
<#assign repeated = mlos.json(row.repeated_json)>
<#assign s = {}>
<#assign skipped = [[repeated[0], "key " + mlos.code(repeated[1]) + " appears twice in one object, so which value is meant cannot be told; the whole definition is left out (keep one of them)"]]>
<#else>
<#assign s = {}>
<#assign skipped = [["$", "not a JSON object; the whole definition is left out"]]>
</#if>
<#if s.description?? && !s.description?is_string>
<#assign skipped = skipped + [["$.description", "not a string"]]>
</#if>
<#assign description = (s.description?? && s.description?is_string)?then(s.description!"", "")>
<#assign also = []>
<#if s.also??>
<#if s.also?is_sequence>
<#list s.also as a><#if a?is_string><#assign also = also + [a]><#else><#assign skipped = skipped + [["$.also[" + a?index?c + "]", "not a shape name (a string)"]]></#if></#list>
<#else>
<#assign skipped = skipped + [["$.also", "not a list of shape names"]]>
</#if>
</#if>
<#function nameList path>
  <#if !s[path]??><#return []></#if>
  <#if s[path]?is_sequence><#return s[path]></#if>
  <#return []>
</#function>
<#list ["identity", "identity_any"] as k>
<#if s[k]?? && !s[k]?is_sequence>
<#assign skipped = skipped + [["$." + k, "not a list of field names"]]>
</#if>
</#list>
<#assign identity = nameList("identity")>
<#assign identityAny = nameList("identity_any")>
<#assign fields = []>
<#if s.fields??>
<#if s.fields?is_sequence>
<#list s.fields as f>
<#if f?is_hash && f.name?? && f.name?is_string && f.type?? && f.type?is_string>
<#assign fields = fields + [f]>
<#else>
<#assign skipped = skipped + [["$.fields[" + f?index?c + "]", "not an object with a name and a type (strings)"]]>
</#if>
</#list>
<#else>
<#assign skipped = skipped + [["$.fields", "not a list of fields, each an object with a name and a type"]]>
</#if>
</#if>
<#assign relations = []>
<#if s.relations??>
<#if s.relations?is_sequence>
<#list s.relations as rel>
<#if rel?is_hash && rel.name?? && rel.name?is_string && rel.target?? && rel.target?is_string>
<#assign relations = relations + [rel]>
<#else>
<#assign skipped = skipped + [["$.relations[" + rel?index?c + "]", "not an object with a name and a target (strings)"]]>
</#if>
</#list>
<#else>
<#assign skipped = skipped + [["$.relations", "not a list of relations, each an object with a name and a target"]]>
</#if>
</#if>
<#assign meta = {"id": "shape-" + row.shape, "title": "Shape " + row.shape, "desc": lib.plural(records?size, "record"), "tags": ["shape", row.shape]}>
# Shape ${mlos.inline(row.shape)}

<#if skipped?has_content>
Part of this shape's row in the shape registry (table settings, key ${mlos.code("shape:" + row.shape)}) is not of the form the import writes, so it is left out of this page and of its records' pages:

<#list skipped as k>
- ${mlos.code(k[0])}: ${k[1]}
</#list>

To fix it, import the records again (the import writes every shape's row from the shape files), or correct these paths of the row with SQL (json_set, json_remove).

</#if>
<#if description?has_content>
${mlos.inline(description)}

</#if>
<#if also?has_content>
A ${mlos.inline(row.shape)} is also <#list also as a>${lib.shapeLink(a)}<#sep>, </#list>.
</#if>
<#if implied_by?has_content>
Every <#list implied_by as i>${lib.shapeLink(i.shape)}<#sep>, </#list> is also a ${mlos.inline(row.shape)}, so those records are listed here too.
</#if>
<#if also?has_content || implied_by?has_content>

</#if>
Identity:

<#if identity?has_content>
- all of: <#list identity as i>${lib.name(i)}<#sep>, </#list>
</#if>
<#if identityAny?has_content>
- any of: <#list identityAny as i>${lib.name(i)}<#sep>, </#list>
</#if>
<#if !identity?has_content && !identityAny?has_content>
- none: records are identified by their content
</#if>

## Fields

<#if fields?has_content>
<#list fields as f>
- ${lib.name(f.name)}: ${lib.name(f.type)} (shape ${lib.name(f.shape!"")})
</#list>
<#else>
None.
</#if>

## Relations

<#if relations?has_content>
<#list relations as rel>
- ${lib.name(rel.name)}: ${lib.shapeLink(rel.target)}<#if lib.isMany(rel.many!false)>, many</#if> (shape ${lib.name(rel.shape!"")})
</#list>
<#else>
None.
</#if>

## Records

<#if records?has_content>
<#list records as r>
- ${lib.recordLink(r.id, r.shape, r.title)} (${lib.name(r.shape)}, updated ${mlos.inline(r.updated_at)})
</#list>
<#else>
No ${mlos.inline(row.shape)} records yet.
</#if>
