package basic

func init() {} // want func name=init.2

var c = func() int { return a() } // want func name=init.func3
