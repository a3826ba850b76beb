<#if row.id == 2><#attempt><#list 1..1000000000 as i>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</#list><#recover>recovered</#attempt></#if>need ${row.id}
