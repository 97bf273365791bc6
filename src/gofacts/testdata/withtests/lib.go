package withtests

func init() {} // want func name=init.0

func Double(x int) int { return 2 * x } // want func name=Double test_helper=false

func Ptr() *int { x := 1; return &x } // want site node=var var=x

type Value struct{ N int }
