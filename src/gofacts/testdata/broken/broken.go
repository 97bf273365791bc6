package broken

func Good() *int { x := 1; return &x } // want func name=Good ; site node=var var=x

func Bad() int { return undefined } // want func name=Bad
