package main

// Positions as the compiler prints them. cmd/compile's own parser (package
// syntax) places nodes differently from go/ast: a call at its "(", a
// composite literal at its "{", a selector at its ".", an index or slice at
// its "[", a binary or unary operation at its operator; parentheses are
// dropped. The noder then gives a conversion (explicit or implicit) the
// position of its operand (cmd/compile/internal/noder/writer.go convertExpr),
// so `any(x)` and `[]byte(s)` are reported at x and s, and the boxing of
// T(x) at T(x)'s "(". syntaxPos encodes those rules (checked against the
// compiler's -m=2 output by the tests and scripts/facts-check).

import (
	"go/ast"
	"go/token"
)

// syntaxPos returns where cmd/compile's parser places e.
func (b *builder) syntaxPos(e ast.Expr) token.Pos {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return b.syntaxPos(e.X)
	case *ast.CompositeLit:
		return e.Lbrace
	case *ast.SelectorExpr:
		return b.dotBefore(e.Sel.Pos())
	case *ast.IndexExpr:
		return e.Lbrack
	case *ast.IndexListExpr:
		return e.Lbrack
	case *ast.SliceExpr:
		return e.Lbrack
	case *ast.TypeAssertExpr:
		return b.dotBefore(e.Lparen)
	case *ast.CallExpr:
		return e.Lparen
	case *ast.StarExpr:
		return e.Star
	case *ast.UnaryExpr:
		return e.OpPos
	case *ast.BinaryExpr:
		return e.OpPos
	case *ast.KeyValueExpr:
		return e.Colon
	}
	return e.Pos()
}

// dotBefore returns the position of the "." that precedes pos (a selector's
// name or a type assertion's "("), skipping blanks and line breaks.
func (b *builder) dotBefore(pos token.Pos) token.Pos {
	f := b.fileAt(pos)
	if f == nil {
		return pos
	}
	off := f.tokenFile.Offset(pos)
	for i := off - 1; i >= 0; i-- {
		switch f.src[i] {
		case '.':
			return f.tokenFile.Pos(i)
		case ' ', '\t', '\n', '\r':
			continue
		}
		break
	}
	return pos
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// conversionPos is where the compiler reports the explicit conversion call:
// at its operand, or up to Go 1.19 (before the unified IR) at its "(".
func (b *builder) conversionPos(call *ast.CallExpr) token.Pos {
	if b.release <= 19 {
		return call.Lparen
	}
	return b.syntaxPos(call.Args[0])
}

// argPos119 is where Go 1.19 reports the implicit conversion of argument i
// of call to an interface: at the argument, except that a variable has no
// position of its own there and takes the position of the argument before
// it (or of the call's "(").
func (b *builder) argPos119(call *ast.CallExpr, i int) token.Pos {
	if _, isName := unparen(call.Args[i]).(*ast.Ident); !isName || b.info.Types[call.Args[i]].Value != nil {
		return b.syntaxPos(call.Args[i])
	}
	for j := i - 1; j >= 0; j-- {
		if _, isName := unparen(call.Args[j]).(*ast.Ident); !isName {
			return b.syntaxPos(call.Args[j])
		}
	}
	return call.Lparen
}

// typeExprEndPos is where the compiler places a type switch clause's
// variable after the clause's last type: a quirk it keeps from Go 1.17 for
// DWARF scopes (cmd/compile/internal/noder/quirks.go).
func typeExprEndPos(e ast.Expr) token.Pos {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Pos()
		case *ast.SelectorExpr:
			return x.X.Pos()
		case *ast.ParenExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ArrayType:
			e = x.Elt
		case *ast.ChanType:
			e = x.Value
		case *ast.Ellipsis:
			e = x.Elt
		case *ast.MapType:
			e = x.Value
		case *ast.InterfaceType:
			if last := lastFieldType(x.Methods); last != nil {
				e = last
				continue
			}
			return x.Pos()
		case *ast.FuncType:
			if last := lastFieldType(x.Results); last != nil {
				e = last
				continue
			}
			if last := lastFieldType(x.Params); last != nil {
				e = last
				continue
			}
			return x.Pos()
		case *ast.IndexExpr:
			e = x.Index
		case *ast.IndexListExpr:
			e = x.Indices[len(x.Indices)-1]
		default:
			return e.Pos() // a struct type: its keyword
		}
	}
}

func lastFieldType(fl *ast.FieldList) ast.Expr {
	if fl == nil || len(fl.List) == 0 {
		return nil
	}
	return fl.List[len(fl.List)-1].Type
}

// assignPos119 is where Go 1.19 reports the implicit conversion of a value
// assigned to lhs: at the statement (its first operand), or for a map
// element at its key.
func assignPos119(n *ast.AssignStmt, lhs ast.Expr) token.Pos {
	if ix, ok := unparen(lhs).(*ast.IndexExpr); ok {
		return ix.Index.Pos()
	}
	return n.Lhs[0].Pos()
}
