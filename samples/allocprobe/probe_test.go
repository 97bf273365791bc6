package allocprobe

import (
	"fmt"
	"log/slog"
	"testing"
)

// Package-level arguments, so that the calls below allocate nothing
// themselves.
var (
	intVal    = 7
	bigInt    = 1000
	words     = []byte("hello")
	oneByte   = []byte("h")
	runes     = []rune("hello")
	fullInts  = make([]int, 4)
	roomyInts = make([]int, 4, 8)
	hello     = "hello"
	ch        = make(chan int, 1)
	ptr       = new(int)

	sinkValue  slog.Value
	sinkString string
	sinkBytes  []byte
	sinkRunes  []rune
)

// A probe calls one function of probe.go with arguments that make its
// "sometimes" sites allocate (busy) and, when it has such sites, with
// arguments that make them allocate nothing (quiet).
type probe struct {
	name  string
	busy  func()
	quiet func()
}

var probes = []probe{
	{"BoxConstString", func() { sinkAny = BoxConstString() }, nil},
	{"BoxConstInt", func() { sinkAny = BoxConstInt() }, nil},
	{"BoxLocalConstInt", func() { sinkAny = BoxLocalConstInt() }, nil},
	{"BoxLocalConstString", func() { sinkAny = BoxLocalConstString() }, nil},
	{"InlinedTypedConst", func() { sinkValue = InlinedTypedConst(int64(bigInt)) }, nil},
	{"InlinedUnexportedConst", func() { sinkAny = InlinedUnexportedConst() }, nil},
	{"BoxEmpty", func() { sinkAny = BoxEmpty(empty{}) }, nil},
	{"BoxByte", func() { sinkAny = BoxByte(200) }, nil},
	{"BoxFlag", func() { sinkAny = BoxFlag(flag{true}) }, nil},
	{"BoxPointer", func() { sinkAny = BoxPointer(ptr) }, nil},
	{"InlinedZeroLiteral", func() { sinkAny = InlinedZeroLiteral() }, nil},
	{"BoxInt", func() { sinkAny = BoxInt(bigInt) }, func() { sinkAny = BoxInt(intVal) }},
	{"BoxInt16", func() { sinkAny = BoxInt16(int16(bigInt)) }, func() { sinkAny = BoxInt16(int16(intVal)) }},
	{"BoxFloat32", func() { sinkAny = BoxFloat32(1.5) }, func() { sinkAny = BoxFloat32(0) }},
	{"BoxString", func() { sinkAny = BoxString(hello) }, func() { sinkAny = BoxString("") }},
	{"BoxSlice", func() { sinkAny = BoxSlice(words) }, func() { sinkAny = BoxSlice(nil) }},
	{"BoxZeroPoint", func() { sinkAny = BoxZeroPoint() }, nil},
	{"BoxPoint", func() { sinkAny = BoxPoint(point{1, 2}) }, nil},
	{"MovedVar", func() { sinkAny = MovedVar(intVal) }, nil},
	{"MovedEmpty", func() { sinkAny = MovedEmpty() }, nil},
	{"MovedTwoInts", func() { MovedTwoInts(intVal, bigInt) }, nil},
	{"MovedThreeInts", func() { MovedThreeInts(intVal) }, nil},
	{"MovedIntAndPointer", func() { MovedIntAndPointer(intVal) }, nil},
	{"MovedInBranch", func() { MovedInBranch(true, intVal) }, nil},
	{"MovedParamAndLocal", func() { MovedParamAndLocal(intVal) }, nil},
	{"AddrPoint", func() { sinkAny = AddrPoint(intVal) }, nil},
	{"NewPoint", func() { sinkAny = NewPoint() }, nil},
	{"AddrEmpty", func() { sinkAny = AddrEmpty() }, nil},
	{"SliceLiteral", func() { sinkInts = SliceLiteral(intVal) }, nil},
	{"SliceLiteralEmpty", func() { sinkInts = SliceLiteralEmpty() }, nil},
	{"MapLiteralEmpty", func() { sinkAny = MapLiteralEmpty() }, nil},
	{"MakeMap", func() { sinkAny = MakeMap() }, nil},
	{"MakeChan", func() { sinkAny = MakeChan() }, nil},
	{"MakeSlice", func() { sinkInts = MakeSlice(intVal) }, nil},
	{"MakeSliceEmpty", func() { sinkInts = MakeSliceEmpty() }, nil},
	{"StaticClosure", func() { sinkAny = StaticClosure() }, nil},
	{"Closure", func() { sinkAny = Closure(intVal) }, nil},
	{"MethodValue", func() { sinkAny = MethodValue(point{1, 2}) }, nil},
	{"GoWithValues", func() { GoWithValues(ch, intVal); <-ch }, nil},
	{"GoWithConstants", func() { GoWithConstants(); <-probeDone }, nil},
	{"Variadic", func() { Variadic(intVal) }, nil},
	{"VariadicAny", func() { VariadicAny(bigInt) }, func() { VariadicAny(intVal) }},
	{"Append", func() { sinkInts = Append(fullInts, intVal) }, func() { sinkInts = Append(roomyInts, intVal) }},
	{"Concat", func() { sinkString = Concat(hello, hello) }, func() { sinkString = Concat("", hello) }},
	{"BytesToString", func() { sinkString = BytesToString(words) }, func() { sinkString = BytesToString(oneByte) }},
	{"StringToBytes", func() { sinkBytes = StringToBytes(hello) }, func() { sinkBytes = StringToBytes("") }},
	{"ConstToBytes", func() { sinkBytes = ConstToBytes() }, nil},
	{"StringToRunes", func() { sinkRunes = StringToRunes(hello) }, func() { sinkRunes = StringToRunes("") }},
	{"RunesToString", func() { sinkString = RunesToString(runes) }, nil},
	{"NamedBytesToString", func() { sinkString = NamedBytesToString(text(words)) }, nil},
	{"RuneToString", func() { sinkString = RuneToString('é') }, nil},
	{"DeferInLoop", func() { DeferInLoop(intVal) }, nil},
}

// TestAllocs prints, for each probe, the allocations per call the runtime
// counts: `allocprobe NAME BUSY QUIET` (QUIET is - for probes without quiet
// arguments). The counts are checked by tests/count, not here.
func TestAllocs(t *testing.T) {
	for _, p := range probes {
		quiet := "-"
		if p.quiet != nil {
			quiet = fmt.Sprint(testing.AllocsPerRun(100, p.quiet))
		}
		fmt.Printf("allocprobe %s %v %s\n", p.name, testing.AllocsPerRun(100, p.busy), quiet)
	}
}
