package basic

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
)

// Sites: each construct escape analysis reports, escaping here so that the
// compiler's own positions can be checked against them (TestCompilerAgrees).

type Point struct{ X, Y int }

var sink any
var sinkP *Point
var sinkS []int

func addrOfLocal() *Point {
	p := Point{1, 2} // want site node=var var=p addr_taken=true col=2
	return &p        // want site node=addr var=p col=9 type=example.com/basic.Point
}

func composite() {
	sinkP = &Point{X: 1}            // want site node=addr composite=true col=10 ; site node=composite col=16 elements=1
	sink = []*Point{{X: 1}, {Y: 2}} // want site node=composite col=17 elements=2 ; site node=addr col=18 composite=true
}

func builtins(n int) {
	sinkS = make([]int, n, 10)      // want site node=make col=14 make=slice args=n,10
	sinkP = new(Point)              // want site node=new col=13 type=example.com/basic.Point
	sinkS = append(sinkS, 1)        // want site node=append col=16 var=sinkS spread=false
	sinkS = append(sinkS, sinkS...) // want site node=append spread=true
}

func conversions(b []byte, s string, x int, r rune) {
	sink = x               // want site node=conv_iface col=9 implicit=true iface=any type=int
	sink = any(x)          // want site node=conv_iface col=13 implicit=false
	sink = "text"          // want site node=conv_iface const=true value="\"text\""
	sink = Point{X: x}     // want site node=conv_iface col=14 ; site node=composite col=14
	sink = strconv.Itoa(x) // want site node=conv_iface col=21 ; site node=call col=21 callee=strconv.Itoa static=true in_module=false
	sinkS = nil
	sink = string(b)        // want site node=conv col=16 from=[]byte type=string ; site node=conv_iface col=15
	sink = []byte(s)        // want site node=conv col=16 from=string
	sink = string(r)        // want site node=conv col=16 type=string ; site node=conv_iface col=15
	sink = fmt.Sprint(x, s) // want site node=variadic col=19 args=2 ; site node=conv_iface col=20 ; site node=conv_iface col=23
}

func concat(a, b, c string) string {
	s := a + b + c // want site node=concat col=13 operands=3 ; nosite node=concat col=9
	s += "!"       // want site node=concat col=4 operands=2 const_operands=1
	return s
}

func methodValue(p *Point) func() int {
	return p.Sum // want site node=method_value col=10 receiver_type=*example.com/basic.Point
}

func (p *Point) Sum() int { return p.X + p.Y }

func closure(x int) func() int {
	y := x * 2          // want site node=var var=y captured=true reassigned=false
	return func() int { // want site node=func_lit col=9 captures=y
		return y
	}
}

func goDefer(mu *sync.Mutex, p *Point) {
	defer mu.Unlock()              // want site node=defer col=2 call_args=0 captures=mu
	go fmt.Println(p, Point{X: 1}) // want site node=go captures=p call_args=2 ; site node=variadic function=goDefer.gowrap2 ; site node=composite function=goDefer ; site node=conv_iface col=17 function=goDefer
}

func contexts(err error, m map[string]int) (int, error) {
	if err != nil {
		return 0, fmt.Errorf("wrapped: %w", err) // want site node=call context=error_branch,return_err
	}
	if len(m) == 0 {
		panic(fmt.Sprint("empty")) // want site node=call context=panic_arg ; site node=conv_iface col=19 context=panic_arg
	}
	for k := range m {
		if k == "" {
			return 0, errors.New("empty key") // want site node=call context=error_branch,return_err loop_depth=1
		}
		sinkP = &Point{} // want site node=addr loop_depth=1 context=
	}
	var once sync.Once
	once.Do(func() { sinkP = &Point{} }) // want site node=addr context=once ; site node=func_lit context=once
	return len(m), nil
}

func recovers() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r) // want site node=call context=recover
		}
	}()
	return nil
}

func typeSwitch(x any) *int {
	switch v := x.(type) {
	case int: // want site node=var var=v type=int col=7
		return &v
	case string, []byte: // want site node=var var=v type=any col=17
		sink = &v
	default: // want site node=var var=v col=2
		sinkP = &Point{}
		sink = &v
	}
	return nil
}

func loopVars(xs []int) []*int {
	var out []*int
	for i := 0; i < len(xs); i++ { // want site node=var var=i loop_depth=1
		out = append(out, &i)
	}
	for _, x := range xs { // want site node=var var=x loop_depth=1 addr_taken=true
		out = append(out, &x)
	}
	return out
}
