package withtests_test

import (
	"testing"

	"example.com/withtests"
	"example.com/withtests/helper"
)

func TestExternal(t *testing.T) { // want func name=TestExternal test_helper=true
	_ = withtests.Double(1)                  // want site node=call callee=example.com/withtests.Double in_module=true
	v := helper.Twice(withtests.Value{N: 1}) // want site node=call callee=example.com/withtests/helper.Twice in_module=true
	_ = v
}
