// Hand-written files next to and among the compiled ones.
new File(basedir, 'README.md').setText('# Our workspace\n\nWritten by hand.\n', 'UTF-8')
new File(basedir, 'context').mkdirs()
new File(basedir, 'context/how-to-read.md').setText('# How to read a context pack\n\nWritten by hand.\n', 'UTF-8')
true
