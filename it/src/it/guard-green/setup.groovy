// The real example workspace's inputs, without its compiled views: the build compiles them.
evaluate(new File(itLib as String, 'Steps.groovy')).copyExample()
true
