// A file with CRLF line endings, written here so no git line-ending setting can normalize it.
new File(basedir, 'docs/notes.txt').bytes = 'Plain notes,\r\nwith CRLF line endings.\r\n'.getBytes('UTF-8')
true
