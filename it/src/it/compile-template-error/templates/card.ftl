<#assign meta = {"title": row.title}>
# ${row.title}

Owner: ${row.owner_name}
