// A team's own README.md (with front matter of its own) and a hand-kept PROBLEM.md.
new File(basedir, 'README.md').setText('''---
title: Our workspace
tags: [team]
---
# Our workspace

Written by hand. The compiled views sit next to this file.
''', 'UTF-8')
new File(basedir, 'PROBLEM.md').setText('# Problems\n\n- the list we keep by hand\n', 'UTF-8')
true
