package main

func main() { helper() } // want func name=main exported=false

func helper() { // want func name=helper
	_ = func() {} // want func name=helper.func1
}
