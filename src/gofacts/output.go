package main

// Output: the JSON shapes of FACTS.md, one line per package, then the done line.

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/types"
)

// packageLine is everything known about one checked package.
type packageLine struct {
	Package   string      `json:"package"`
	Name      string      `json:"name"`
	Dir       string      `json:"dir"`
	Go        string      `json:"go"`
	Goarch    string      `json:"goarch"`
	Files     []fileFact  `json:"files"`
	Scope     []string    `json:"scope"`
	Functions []*funcFact `json:"functions"`
	Types     []*typeFact `json:"types"`
	Sites     []*siteFact `json:"sites"`
	Loops     []*loopFact `json:"loops"`
	Errors    []string    `json:"errors,omitempty"`
}

type doneLine struct {
	Done     bool    `json:"done"`
	Packages int     `json:"packages"`
	Seconds  float64 `json:"seconds"`
}

type fileFact struct {
	Path      string `json:"path"`
	Test      bool   `json:"test"`
	Generated bool   `json:"generated"`
}

// span is a source range: 1-based line, byte column, end exclusive. File is
// an index into the package's files, -1 for code with no source.
type span struct {
	File    int `json:"file"`
	Line    int `json:"line"`
	Col     int `json:"col"`
	EndLine int `json:"end_line"`
	EndCol  int `json:"end_col"`
}

type funcFact struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	span
	Parent     int          `json:"parent"`
	Exported   bool         `json:"exported"`
	Receiver   string       `json:"receiver"`
	Params     []*paramFact `json:"params"`
	Results    []string     `json:"results"`
	Signature  string       `json:"signature"`
	TestHelper bool         `json:"test_helper"`
	Names      []string     `json:"names"`
}

type paramFact struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
	Use  string `json:"use"`
}

type typeFact struct {
	Name           string      `json:"name"`
	Short          string      `json:"short"`
	Kind           string      `json:"kind"`
	Bits           int         `json:"bits"`
	Size           int64       `json:"size"`
	Align          int64       `json:"align"`
	PointerShaped  bool        `json:"pointer_shaped"`
	HasPointers    bool        `json:"has_pointers"`
	SliceOrMap     bool        `json:"slice_or_map"`
	Lock           bool        `json:"lock"`
	PointerMethods []string    `json:"pointer_methods"`
	ValueMethods   []string    `json:"value_methods"`
	Stringer       bool        `json:"stringer"`
	Error          bool        `json:"error"`
	Fields         []fieldFact `json:"fields,omitempty"`
}

type fieldFact struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	Offset int64  `json:"offset"`
}

// siteFact is one expression or declaration escape analysis can report.
// Node-specific fields are left out when false or empty.
type siteFact struct {
	Node string `json:"node"`
	span
	Function  int      `json:"function"`
	Type      string   `json:"type"`
	LoopDepth int      `json:"loop_depth"`
	Context   []string `json:"context"`

	Var           string      `json:"var,omitempty"`            // var, addr, append
	AddrTaken     bool        `json:"addr_taken,omitempty"`     // var
	Captured      bool        `json:"captured,omitempty"`       // var
	Reassigned    bool        `json:"reassigned,omitempty"`     // var
	Region        int         `json:"region,omitempty"`         // var
	Composite     bool        `json:"composite,omitempty"`      // addr
	Elements      *int        `json:"elements,omitempty"`       // composite
	Make          string      `json:"make,omitempty"`           // make
	Args          interface{} `json:"args,omitempty"`           // make: []*makeArg, call: []*callArg, variadic: count
	Captures      []*capture  `json:"captures,omitempty"`       // func_lit, go, defer
	ReceiverType  string      `json:"receiver_type,omitempty"`  // method_value
	Iface         string      `json:"iface,omitempty"`          // conv_iface
	Const         bool        `json:"const,omitempty"`          // conv_iface, conv
	Value         string      `json:"value,omitempty"`          // conv_iface
	Implicit      bool        `json:"implicit,omitempty"`       // conv_iface
	From          string      `json:"from,omitempty"`           // conv
	Operands      int         `json:"operands,omitempty"`       // concat
	ConstOperands int         `json:"const_operands,omitempty"` // concat
	Spread        bool        `json:"spread,omitempty"`         // append
	Callee        string      `json:"callee,omitempty"`         // call
	Static        bool        `json:"static,omitempty"`         // call
	InModule      bool        `json:"in_module,omitempty"`      // call
	Params        []string    `json:"params,omitempty"`         // call
	Variadic      bool        `json:"variadic,omitempty"`       // call
	CallArgs      *int        `json:"call_args,omitempty"`      // go, defer
}

type makeArg struct {
	Text  string `json:"text"`
	Const bool   `json:"const"`
	Value *int64 `json:"value,omitempty"`
}

type callArg struct {
	Type  string `json:"type"`
	Const bool   `json:"const"`
	Value string `json:"value,omitempty"`
	Text  string `json:"text"`
}

type capture struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
}

type loopFact struct {
	Function int `json:"function"`
	span
	Kind      string        `json:"kind"`
	RangeOver string        `json:"range_over"`
	Length    string        `json:"length"`
	Key       string        `json:"key"`
	Value     string        `json:"value"`
	Exits     bool          `json:"exits"`
	Continues bool          `json:"continues"`
	Appends   []*appendFact `json:"appends"`
	MapStores []*storeFact  `json:"map_stores"`
	Writes    []*writeFact  `json:"writes"`
}

type appendFact struct {
	Var         string `json:"var"`
	Line        int    `json:"line"`
	Col         int    `json:"col"`
	Conditional bool   `json:"conditional"`
	Count       int    `json:"count"`
	Values      int    `json:"values,omitempty"` // appends: values appended (a spread counts 1)
	Spread      bool   `json:"spread,omitempty"`
	Uses        int    `json:"uses"`
	DeclLine    int    `json:"decl_line"`
	DeclCol     int    `json:"decl_col"`
	Decl        string `json:"decl"`
	DeclCap     string `json:"decl_cap,omitempty"`
	Elsewhere   []int  `json:"elsewhere"`

	v    *types.Var // the variable, and the statement recorded
	stmt ast.Stmt
}

type storeFact = appendFact

type writeFact struct {
	Var         string `json:"var"`
	Method      string `json:"method"`
	Type        string `json:"type"`
	Line        int    `json:"line"`
	Col         int    `json:"col"`
	Conditional bool   `json:"conditional"`
	Bytes       int    `json:"bytes,omitempty"`
	Uses        int    `json:"uses"`

	v *types.Var
}

// encodeLine returns v as one line of JSON.
func encodeLine(v interface{}) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
