<#assign meta = {"title": "Weekly"}>
# Weekly

<#list needs as n>
- ${n.title} <#if n.priority < 2>(urgent)
</#list>
