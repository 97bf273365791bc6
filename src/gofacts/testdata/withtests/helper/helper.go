package helper

import "example.com/withtests"

// Twice imports the package whose external test imports it: go recompiles
// it for that test (helper [withtests.test]).
func Twice(v withtests.Value) withtests.Value { return withtests.Value{N: 2 * v.N} }
