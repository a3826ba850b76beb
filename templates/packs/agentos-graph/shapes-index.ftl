<#import "_lib.ftl" as lib>
<#assign meta = {"id": "shapes-" + workspace.name, "title": "Shapes of " + workspace.name, "desc": lib.plural(shapes?size, "shape"), "tags": ["index", "shapes"]}>
# Shapes

${lib.plural(shapes?size, "shape")}. "Records" counts every record that is one, including those of shapes that imply it (also); "own" counts records whose own shape it is.

<#if shapes?has_content>
<#list shapes as s>
<#assign also = mlos.json(s.also_json!"")?filter(a -> a?is_string)>
- ${lib.shapeLink(s.shape)}<#if also?has_content> (also <#list also as a>${lib.shapeLink(a)}<#sep>, </#list>)</#if>: ${lib.plural(s.total, "record")}, ${s.own} own<#if mlos.inline(s.description!"")?has_content>. ${mlos.inline(s.description!"")}</#if>
</#list>
<#else>
No shapes yet: import records, which also loads the shapes.
</#if>
<#if undefined?has_content>

## Records of undefined shapes

These records name a shape the last import did not define; their pages show only the values they have.

<#list undefined as u>
- ${mlos.inline(u.shape)}: ${lib.plural(u.records, "record")}
</#list>
</#if>
