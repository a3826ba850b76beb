<#if row.id == 2><#list 1..1000000000 as i>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</#list></#if>need ${row.id}
